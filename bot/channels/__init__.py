"""Chat channels: telegram, web, console; each behind the same small interface."""
