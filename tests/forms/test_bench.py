from forms.bench import measure_badge


def test_measure_badge_reports_the_figures_make_bench_reads():
    figures = measure_badge(n=2)
    assert set(figures) == {
        "badge_render_ms_p50",
        "badge_render_ms_p95",
        "badge_render_cjk_ms_p50",
        "nda_render_ms_p50",
    }
    assert all(value > 0 for value in figures.values())
