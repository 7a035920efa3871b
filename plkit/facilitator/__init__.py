"""The facilitator's side: the dashboard (:mod:`.dashboard`), the answers collected from
participants (:mod:`.collected`), suggested breakout groups (:mod:`.breakouts`) and the content
overview (:mod:`.overview`). Each workbook's anonymous view comes from its own ``group.py``."""
