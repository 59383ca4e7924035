from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "strongroom.platform.search"
    label = "search"
    verbose_name = "Search"
