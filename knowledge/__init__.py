"""Knowledge base: articles and Chinese retrieval for the 24-hour consulting service."""
