"""plkit/facilitator."""
