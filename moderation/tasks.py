"""Thin Celery adapters for moderation: each calls a service that does nothing twice."""

from celery import shared_task

from moderation import digest, services


@shared_task(name="moderation.announce_ended_suspensions")
def announce_ended_suspensions() -> int:
    return services.announce_ended_suspensions()


@shared_task(name="moderation.send_moderation_digests")
def send_moderation_digests() -> int:
    return digest.send_moderation_digests()
