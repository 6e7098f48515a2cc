"""统计报表 (DOMAIN §7): figures, breakdowns, drill-downs, the report workbook and the written report.

    periods.parse("2026Q3")                       Period (month, quarter, half, year, range)
    service.compute(ctx, period, units, by)       StatsResult: figures with 同比/环比, optional breakdown
    service.drill(ctx, code, period, units, by, key)  DrillResult: the records behind one number
    figures.registry()                            every Figure (code, name, unit, 口径, drill query)
    surveys.add / list / delete                   回访 / 满意度测评 register (P1)
    report.write_all(ctx, period, out_dir)        workbook (.xlsx), written report (.docx, .pdf)
"""
