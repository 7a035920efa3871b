"""plkit/page."""
