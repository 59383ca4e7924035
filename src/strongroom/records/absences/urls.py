"""Web pages of absences, in the ``web`` namespace (paths start with ``c/<slug:slug>/``)."""

from django.urls import path

from strongroom.records.absences.views import overview, requests, types

urlpatterns = [
    path("c/<slug:slug>/absences/", requests.absence_list, name="absences"),
    path("c/<slug:slug>/absences/new/", requests.absence_request, name="absence_request"),
    path("c/<slug:slug>/absences/calendar/", overview.absence_calendar,
         name="absence_calendar"),
    path("c/<slug:slug>/absences/balances/", overview.absence_balances,
         name="absence_balances"),
    path("c/<slug:slug>/absences/types/", types.type_list, name="absence_types"),
    path("c/<slug:slug>/absences/types/add/", types.type_add, name="absence_type_add"),
    path("c/<slug:slug>/absences/types/standard/", types.type_standard,
         name="absence_types_standard"),
    path("c/<slug:slug>/absences/types/<uuid:type_id>/", types.type_edit,
         name="absence_type_edit"),
    path("c/<slug:slug>/absences/<uuid:absence_id>/", requests.absence_detail,
         name="absence_detail"),
    path("c/<slug:slug>/absences/<uuid:absence_id>/cancel/", requests.absence_cancel,
         name="absence_cancel"),
    path("c/<slug:slug>/absences/<uuid:absence_id>/note/", requests.absence_note,
         name="absence_note"),
]
