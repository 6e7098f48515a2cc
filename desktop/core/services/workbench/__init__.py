"""工作台: what needs attention today, and the 催办单 (chase list) per unit.

What the UI and CLI use:
    today  today, chase_list, export_chase_list
"""

__all__ = ["today"]
