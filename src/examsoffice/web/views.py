from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from examsoffice.web.menu import panels_for


def dashboard(request: HttpRequest) -> HttpResponse:
    # Every signed-in role has a home; what it shows depends on the roles held.
    return render(request, "web/dashboard.html", {"panels": panels_for(request)})
