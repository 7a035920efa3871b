"""plkit/workbooks/classdata."""
