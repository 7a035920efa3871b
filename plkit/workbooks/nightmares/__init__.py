"""plkit/workbooks/nightmares."""
