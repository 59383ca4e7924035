"""Web pages of approvals, in the ``web`` namespace (paths start with ``c/<slug:slug>/``)."""

from django.urls import path

from strongroom.records.approvals.views import history, inbox, rules, tags

urlpatterns = [
    path("c/<slug:slug>/tags/", tags.tag_list, name="tags"),
    path("c/<slug:slug>/tags/add/", tags.tag_add, name="tag_add"),
    path("c/<slug:slug>/tags/<int:tag_id>/", tags.tag_edit, name="tag_edit"),
    path("c/<slug:slug>/tags/<int:tag_id>/delete/", tags.tag_delete, name="tag_delete"),
    path("c/<slug:slug>/tags/<int:tag_id>/history/", history.tag_history, name="tag_history"),
    path("c/<slug:slug>/approval-rules/", rules.rule_list, name="approval_rules"),
    path("c/<slug:slug>/approval-rules/add/", rules.rule_add, name="approval_rule_add"),
    path("c/<slug:slug>/approval-rules/<uuid:rule_id>/", rules.rule_edit,
         name="approval_rule_edit"),
    path("c/<slug:slug>/approval-rules/<uuid:rule_id>/delete/", rules.rule_delete,
         name="approval_rule_delete"),
    path("c/<slug:slug>/approval-rules/<uuid:rule_id>/history/", history.rule_history,
         name="approval_rule_history"),
    path("c/<slug:slug>/approvals/", inbox.inbox, name="approval_inbox"),
    path("c/<slug:slug>/approvals/requests/", inbox.request_list, name="approval_requests"),
    path("c/<slug:slug>/approvals/<uuid:approval_id>/", inbox.request_detail,
         name="approval_request"),
    path("c/<slug:slug>/approvals/<uuid:approval_id>/decide/", inbox.request_decide,
         name="approval_decide"),
]
