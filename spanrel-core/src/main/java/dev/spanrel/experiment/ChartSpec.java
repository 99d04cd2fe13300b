package dev.spanrel.experiment;

import java.util.List;

/**
 * What a report chart shows, independent of the library that draws it: the report names and links the files,
 * the command line draws them.
 */
public sealed interface ChartSpec permits ChartSpec.LineChart, ChartSpec.BarChart {
    /** Which report section the chart belongs to. */
    enum Kind { NOISE, VARIANTS }

    String dataset();

    Kind kind();

    /** A PNG file name, unique among the report's charts. */
    String fileName();

    String title();

    /** Lines over x values; {@code published} lines are drawn dashed so they never pass for measurements. */
    record LineChart(String dataset, Kind kind, String fileName, String title, String xLabel, String yLabel,
            List<Line> lines) implements ChartSpec {
        public LineChart {
            lines = List.copyOf(lines);
        }
    }

    /** @param std error bars, 0 where there is no spread (a single run or a published number) */
    record Line(String name, boolean published, List<Double> x, List<Double> y, List<Double> std) {
        public Line {
            x = List.copyOf(x);
            y = List.copyOf(y);
            std = List.copyOf(std);
        }
    }

    /** Groups of bars, one group per category, one bar per series. */
    record BarChart(String dataset, Kind kind, String fileName, String title, String yLabel, List<String> categories,
            List<Bars> series) implements ChartSpec {
        public BarChart {
            categories = List.copyOf(categories);
            series = List.copyOf(series);
        }
    }

    record Bars(String name, List<Double> y, List<Double> std) {
        public Bars {
            y = List.copyOf(y);
            std = List.copyOf(std);
        }
    }
}
