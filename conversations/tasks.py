"""Thin Celery adapters for conversations: each calls a service that does nothing twice."""

from celery import shared_task

from conversations import services


@shared_task(name="conversations.sweep_unanswered_check_ins", time_limit=300)
def sweep_unanswered_check_ins() -> int:
    return services.sweep_unanswered_check_ins()


@shared_task(name="conversations.sweep_follow_up_prompts", time_limit=300)
def sweep_follow_up_prompts() -> int:
    return services.sweep_follow_up_prompts()
