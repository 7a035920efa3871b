"""JupyterHub: each participant's server (:mod:`plkit.hub.bootstrap`, started as
``python -m plkit.hub``) and its preheated kernels (:mod:`plkit.hub.preheat`)."""

from plkit.hub.bootstrap import HubPlan, impostors, main, plan_for, prepare, singleuser_command

__all__ = ["HubPlan", "impostors", "main", "plan_for", "prepare", "singleuser_command"]
