from tutorial.content.library import lessons


def site(request):
    """The lesson list for the navigation on every page (rendered once, so this is cheap)."""
    return {"nav_lessons": lessons()}
