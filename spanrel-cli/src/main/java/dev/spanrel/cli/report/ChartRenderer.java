package dev.spanrel.cli.report;

import dev.spanrel.AtomicFiles;
import dev.spanrel.SpanrelException;
import dev.spanrel.experiment.ChartSpec;
import dev.spanrel.experiment.ChartSpec.BarChart;
import dev.spanrel.experiment.ChartSpec.Bars;
import dev.spanrel.experiment.ChartSpec.Line;
import dev.spanrel.experiment.ChartSpec.LineChart;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws a {@link ChartSpec} as a PNG with XChart, off screen (reports are made on servers without a display). */
final class ChartRenderer {
    static {
        // Must be set before the first AWT class loads; a machine without a display would fail otherwise.
        System.setProperty("java.awt.headless", "true");
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;

    private ChartRenderer() {}

    static void write(ChartSpec spec, Path file) {
        Chart<?, ?> chart = spec instanceof LineChart line ? lineChart(line) : barChart((BarChart) spec);
        byte[] png;
        try {
            png = BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
        } catch (IOException e) {
            throw new SpanrelException("cannot draw chart " + file + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(file, out -> out.write(png));
    }

    private static XYChart lineChart(LineChart spec) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(spec.title())
                .xAxisTitle(spec.xLabel()).yAxisTitle(spec.yLabel()).build();
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setDecimalPattern("#0.#");
        for (Line line : spec.lines()) {
            XYSeries series = chart.addSeries(line.name(), line.x(), line.y(), line.std());
            series.setMarker(SeriesMarkers.CIRCLE);
            // Published curves are dashed so that no reader takes them for measurements made here.
            series.setLineStyle(line.published() ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
        }
        return chart;
    }

    private static CategoryChart barChart(BarChart spec) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(spec.title())
                .yAxisTitle(spec.yLabel()).build();
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setXAxisLabelRotation(20);
        // Bars start at zero: a cut axis would make small differences between variants look large.
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        for (Bars bars : spec.series()) {
            chart.addSeries(bars.name(), spec.categories(), bars.y(), bars.std());
        }
        return chart;
    }
}
