"""村居检查: the 两清单, inspections against them, and what follows from a check.

What the UI and CLI use:
    checklists       共性化/个性化 checklists with versioned items
    checklist_io     checklists to and from .xlsx (DOMAIN §8.2)
    inspections      draft → results → completed inspections of one or more units
    photos           photos of inspection items (checked images)
    completion       complete an inspection: every 不符合 proposed as a problem, reviewed, then created
    sheet            the printable check sheet (检查记录表), docx and PDF
    coverage         check plans and coverage per period (2026Q3, 2026-09, 2026)
    village_profile  村居档案: one unit's cadres, inspections, problems, documents, scores, 屡查屡犯
"""

__all__ = ["checklist_io", "checklists", "completion", "coverage", "inspections", "photos", "sheet", "village_profile"]
