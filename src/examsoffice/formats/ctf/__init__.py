"""Common Transfer Files (CTF) and admissions transfer files (ATF): read and write."""

from examsoffice.formats.ctf.elements import pupil_from_xml
from examsoffice.formats.ctf.model import (
    Address,
    BasicDetails,
    Contact,
    CTFFile,
    CTFHeader,
    Phone,
    PupilRecord,
    RawBlock,
    SchoolRef,
    SchoolStay,
)
from examsoffice.formats.ctf.reader import CTFStream, not_a_ctf, open_ctf, read_ctf
from examsoffice.formats.ctf.report import CheckReport, ReportItem, check_file
from examsoffice.formats.ctf.writer import (
    ULN_SERVICE_DEST,
    ctf_filename,
    uln_request_pupil,
    write_ctf,
    write_uln_request,
)

__all__ = [
    "ULN_SERVICE_DEST",
    "Address",
    "BasicDetails",
    "CTFFile",
    "CTFHeader",
    "CTFStream",
    "CheckReport",
    "Contact",
    "Phone",
    "PupilRecord",
    "RawBlock",
    "ReportItem",
    "SchoolRef",
    "SchoolStay",
    "check_file",
    "ctf_filename",
    "not_a_ctf",
    "open_ctf",
    "pupil_from_xml",
    "read_ctf",
    "uln_request_pupil",
    "write_ctf",
    "write_uln_request",
]
