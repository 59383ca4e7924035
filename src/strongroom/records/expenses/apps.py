from django.apps import AppConfig


class ExpensesConfig(AppConfig):
    name = "strongroom.records.expenses"
    label = "expenses"
    verbose_name = "Expenses"

    def ready(self) -> None:
        from strongroom.platform.history.tracking import track
        from strongroom.platform.lifecycle import exportables, personal
        from strongroom.records.expenses import approval, permissions, rules  # noqa: F401
        from strongroom.records.expenses.models import ExpenseClaim, ExpenseLine, ExpenseSettings
        from strongroom.records.expenses.views import dashboard, finds  # noqa: F401  (card, search)

        for model in (ExpenseClaim, ExpenseLine, ExpenseSettings):
            track(model)
            exportables.register(model)
        approval.register()
        personal.register(
            personal.MEMBER, ExpenseClaim,
            lambda member, found: ExpenseClaim.objects.filter(claimant=member).order_by("pk"),
            about="The member's expense claims.",
        )
        personal.register(
            personal.MEMBER, ExpenseLine,
            lambda member, found: ExpenseLine.objects.filter(
                claim__in=[c.pk for c in found.get("expenses.expenseclaim", [])]
            ).order_by("pk"),
            about="The lines of those claims (their receipts' bytes are in files/).",
        )
