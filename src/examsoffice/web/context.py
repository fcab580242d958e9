from django.http import HttpRequest

from examsoffice.web.menu import menu_for


def navigation(request: HttpRequest) -> dict[str, object]:
    if not request.user.is_authenticated:
        return {"menu": []}
    return {"menu": menu_for(request)}
