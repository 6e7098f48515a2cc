"""Tabs of the 设置 page, one module each, discovered at run time.

A tab module defines `TITLE` (tab text), `ORDER` (int, ascending) and `Tab(env)`, a QWidget.
Each issue adds its own tab module (单位信息, 用户, 备份恢复, 预警, 文书, 密钥 …) without touching the page.
"""
