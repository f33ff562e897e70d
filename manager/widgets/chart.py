"""A bar chart drawn in the terminal (plotext in a Textual widget): one bar per label, side
by side for each series, with the series named in a legend. It draws whatever `Series` it is
given, so the history tab and its tests feed it the same way. Labels come from the server's
report (hours, service names): plotext draws them as characters, never as markup."""

from __future__ import annotations

from textual_plotext import PlotextPlot

from manager.history import Series

# Long service names would push the bars off a narrow chart.
LABEL_SHOWN = 14


class Chart(PlotextPlot):
    def __init__(self, title: str, unit: str, empty: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.chart_title = title
        self.unit = unit
        self.empty = empty
        self.series = Series()

    def on_mount(self) -> None:
        self.show(Series())

    def show(self, series: Series) -> None:
        self.series = series
        plt = self.plt
        plt.clear_figure()
        plt.title(self.chart_title if not series.empty else f"{self.chart_title}: {self.empty}")
        if not series.empty:
            labels = [label[:LABEL_SHOWN] for label in series.labels]
            names = [name for name, _ in series.series]
            values = [list(v) for _, v in series.series]
            if len(values) == 1:
                plt.bar(labels, values[0], label=names[0])
            else:
                # plotext takes `labels` here; textual-plotext's type stub says `label`.
                plt.multiple_bar(labels, values, labels=names)  # type: ignore[call-arg]
            plt.ylabel(self.unit)
        self.refresh()
