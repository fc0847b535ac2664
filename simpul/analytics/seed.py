"""Demo data: build the dashboard's summary tables once every other seeder has run."""

from simpul.analytics import cube
from simpul.core.demo import DemoContext, seeder


@seeder(90, "ringkasan dasbor")
def refresh_dashboard(context: DemoContext) -> None:
    seconds = cube.refresh()
    context.log(f"  ringkasan dasbor: {seconds['total']:.2f} detik")
