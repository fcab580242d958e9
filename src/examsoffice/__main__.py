from examsoffice.cli import main

main()
