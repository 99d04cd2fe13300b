package dev.spanrel.experiment;

import java.util.List;

/**
 * What a report chart shows, independent of the library that draws it: the report names and links the files,
 * the command line draws them.
 */
public sealed interface ChartSpec permits ChartSpec.LineChart, ChartSpec.BarChart {
    /** Which report section the chart belongs to. */
    enum Kind {
        /** F1 against the rate of training-label noise. */
        NOISE,
        /** Bars of a data set's clean variants (ablations). */
        VARIANTS
    }

    /**
     * The data set whose section shows the chart.
     *
     * @return the data set's name as in the summaries, e.g. {@code scierc}
     */
    String dataset();

    /**
     * Which section of the data set the chart belongs to.
     *
     * @return the kind
     */
    Kind kind();

    /**
     * A PNG file name, unique among the report's charts.
     *
     * @return the file name
     */
    String fileName();

    /**
     * The chart's title.
     *
     * @return the title as drawn above the chart
     */
    String title();

    /**
     * Lines over x values; {@code published} lines are drawn dashed so they never pass for measurements.
     *
     * @param dataset the data set whose section shows the chart
     * @param kind the section of the data set
     * @param fileName the PNG file name
     * @param title the chart's title
     * @param xLabel the x axis' label
     * @param yLabel the y axis' label
     * @param lines the lines to draw
     */
    record LineChart(String dataset, Kind kind, String fileName, String title, String xLabel, String yLabel,
            List<Line> lines) implements ChartSpec {
        /**
         * Copies the lines.
         *
         * @param dataset the data set whose section shows the chart
         * @param kind the section of the data set
         * @param fileName the PNG file name
         * @param title the chart's title
         * @param xLabel the x axis' label
         * @param yLabel the y axis' label
         * @param lines the lines to draw
         */
        public LineChart {
            lines = List.copyOf(lines);
        }
    }

    /**
     * @param std error bars, 0 where there is no spread (a single run or a published number)
     * @param name the line's legend entry
     * @param published whether it shows published numbers (drawn dashed)
     * @param x the x values
     * @param y the y values, one per x
     */
    record Line(String name, boolean published, List<Double> x, List<Double> y, List<Double> std) {
        /**
         * Copies the values.
         *
         * @param name the line's legend entry
         * @param published whether it shows published numbers (drawn dashed)
         * @param x the x values
         * @param y the y values, one per x
         * @param std error bars, 0 where there is no spread (a single run or a published number)
         */
        public Line {
            x = List.copyOf(x);
            y = List.copyOf(y);
            std = List.copyOf(std);
        }
    }

    /**
     * Groups of bars, one group per category, one bar per series.
     *
     * @param dataset the data set whose section shows the chart
     * @param kind the section of the data set
     * @param fileName the PNG file name
     * @param title the chart's title
     * @param yLabel the y axis' label
     * @param categories the groups along the x axis
     * @param series one series of bars per legend entry
     */
    record BarChart(String dataset, Kind kind, String fileName, String title, String yLabel, List<String> categories,
            List<Bars> series) implements ChartSpec {
        /**
         * Copies the categories and series.
         *
         * @param dataset the data set whose section shows the chart
         * @param kind the section of the data set
         * @param fileName the PNG file name
         * @param title the chart's title
         * @param yLabel the y axis' label
         * @param categories the groups along the x axis
         * @param series one series of bars per legend entry
         */
        public BarChart {
            categories = List.copyOf(categories);
            series = List.copyOf(series);
        }
    }

    /**
     * One series of a bar chart: a bar per category, with its error bar.
     *
     * @param name the series' legend entry
     * @param y one value per category
     * @param std error bars, 0 where there is no spread
     */
    record Bars(String name, List<Double> y, List<Double> std) {
        /**
         * Copies the values.
         *
         * @param name the series' legend entry
         * @param y one value per category
         * @param std error bars, 0 where there is no spread
         */
        public Bars {
            y = List.copyOf(y);
            std = List.copyOf(std);
        }
    }
}
