"""The panel's concepts over a round: its summary, the comparison the chair reads, the trail behind a
score, and the chair's actions (moderation, decisions, status)."""
