"""Scheduler, outbox, alerts, trainings and broadcasts."""
