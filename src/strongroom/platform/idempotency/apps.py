from django.apps import AppConfig


class IdempotencyConfig(AppConfig):
    name = "strongroom.platform.idempotency"
    label = "idempotency"
    verbose_name = "Idempotent API writes"

    def ready(self) -> None:
        from strongroom.platform.idempotency import answers, jobs  # noqa: F401
        from strongroom.platform.keys.subject_erasure import on_subject_erased

        on_subject_erased(answers.withdraw_company_answers)
