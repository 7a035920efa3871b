"""plkit/workbooks."""
