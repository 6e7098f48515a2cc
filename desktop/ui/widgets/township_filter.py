"""District role: the township filter and column every ledger, inspection and document page can add.

    self.township = TownshipFilter(env)          # hidden unless env.ctx.is_district
    self.township.changed.connect(self._reload)
    filters["origin_site"] = self.township.site_code()   # None = all townships
    columns.insert(1, township_column(env.ctx))          # None at a township: skip it

    columns = with_township_column(env.ctx, COLUMNS)             # the same, as a new list
    foreign = is_foreign(env, row)                                # a township's row at the district: read-only
    label.setText(FOREIGN_NOTE if foreign else "")

Rows carry `origin_site`; the column shows the township's name (from the registered townships).
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from desktop.ui.models.rows_model import Column


class TownshipFilter(QWidget):
    changed = Signal()

    def __init__(self, env, parent=None):
        super().__init__(parent)
        from desktop.core.services.sync import exchange as sync

        self.combo = QComboBox()
        self.combo.addItem("全部乡镇", None)
        if env.ctx.is_district:
            self.combo.addItem(f"本区县（{env.ctx.site_name}）", env.ctx.site_code)
            for code, name in sync.township_choices(env.ctx):
                self.combo.addItem(f"{name}（{code}）", code)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel("乡镇："))
        lay.addWidget(self.combo)
        self.combo.currentIndexChanged.connect(self._on_changed)
        self.setVisible(env.ctx.is_district)

    def site_code(self) -> str | None:
        """The chosen site code, or None for all."""
        return self.combo.currentData()

    @Slot(int)
    def _on_changed(self, _i: int) -> None:
        self.changed.emit()


FOREIGN_NOTE = "乡镇上报的数据，区县只读"


def is_foreign(env, row: dict | None) -> bool:
    """True when `row` came from another site by USB exchange (this site may read it, never change it)."""
    if not row:
        return False
    from desktop.core.services.sync import exchange as sync

    return sync.is_foreign(env.ctx, row)


def with_township_column(ctx, columns: list[Column], at: int = 1) -> list[Column]:
    """`columns` with the 乡镇 column inserted at `at` in the district role; unchanged (a copy) at a township."""
    out = list(columns)
    col = township_column(ctx)
    if col is not None:
        out.insert(at, col)
    return out


def township_column(ctx, key: str = "origin_site", width: int = 90) -> Column | None:
    """A 乡镇 column naming each row's township (district role only; None at a township)."""
    if not ctx.is_district:
        return None
    from desktop.core.services.sync import exchange as sync

    names = dict(sync.township_choices(ctx)) | {ctx.site_code: "本区县"}
    return Column(key, "乡镇", width, fmt=lambda code: names.get(code, code or ""))
