"""Analyses: one module per question, each a pure function from the graph to sorted, typed
results. Shared definitions (belongs-to, relationship pairs, coverage by assignment, revenue
accounts) live in ``accountmap.facts`` and nowhere else."""
