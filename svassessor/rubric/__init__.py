"""Rubrics: the model, loading YAML with line-numbered problems, and the JSON Schema."""

from svassessor.rubric.model import Criterion, Measure, Priority, Rubric, Scale, ScaleLevel, Tag, Theme

__all__ = ["Criterion", "Measure", "Priority", "Rubric", "Scale", "ScaleLevel", "Tag", "Theme"]
