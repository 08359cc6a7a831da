package dev.iceflow.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws one chart of a result as a PNG with JFreeChart (headless: no display is needed). */
final class ChartRenderer {

  private static final int WIDTH = 900;
  private static final int HEIGHT = 500;

  /** Above this many points in a series, a line is drawn without a shape at each point. */
  private static final int MOST_MARKED_POINTS = 60;

  private ChartRenderer() {}

  static void render(BenchResult.Chart chart, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    JFreeChart drawn =
        switch (BenchResult.Kind.of(chart.kind())) {
          case LINE -> line(chart);
          case BAR -> bars(chart, new BarRenderer());
          case STACKED_BAR -> bars(chart, new StackedBarRenderer());
          case HISTOGRAM ->
              ChartFactory.createHistogram(
                  chart.title(),
                  chart.xLabel(),
                  chart.yLabel(),
                  xy(chart),
                  PlotOrientation.VERTICAL,
                  chart.series().size() > 1,
                  false,
                  false);
        };
    drawn.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png.toFile(), drawn, WIDTH, HEIGHT);
  }

  private static JFreeChart line(BenchResult.Chart chart) {
    JFreeChart drawn =
        ChartFactory.createXYLineChart(
            chart.title(),
            chart.xLabel(),
            chart.yLabel(),
            xy(chart),
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYPlot plot = drawn.getXYPlot();
    // a point per measurement: a level's few points are readable as points, not only as a line;
    // a run's thousand commits are not
    boolean marked = chart.series().stream().allMatch(s -> s.points().size() <= MOST_MARKED_POINTS);
    plot.setRenderer(new XYLineAndShapeRenderer(true, marked));
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    return drawn;
  }

  /** Bars side by side, or stacked; one category (one bar per series) needs no label under it. */
  private static JFreeChart bars(BenchResult.Chart chart, BarRenderer renderer) {
    JFreeChart drawn =
        ChartFactory.createBarChart(
            chart.title(),
            chart.xLabel(),
            chart.yLabel(),
            categories(chart),
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    CategoryPlot plot = drawn.getCategoryPlot();
    plot.setRenderer(renderer);
    plot.getDomainAxis().setTickLabelsVisible(plot.getDataset().getColumnCount() > 1);
    ChartUtils.applyCurrentTheme(drawn);
    return drawn;
  }

  private static XYSeriesCollection xy(BenchResult.Chart chart) {
    XYSeriesCollection dataset = new XYSeriesCollection();
    for (BenchResult.Series series : chart.series()) {
      XYSeries drawn = new XYSeries(series.name(), false, true);
      series.points().forEach(p -> drawn.add(p[0], p[1]));
      dataset.addSeries(drawn);
    }
    return dataset;
  }

  /** Bars: each point's x is its category, each series a bar (or a segment of the stack). */
  private static DefaultCategoryDataset categories(BenchResult.Chart chart) {
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    for (BenchResult.Series series : chart.series()) {
      for (double[] p : series.points()) {
        dataset.addValue(p[1], series.name(), category(p[0]));
      }
    }
    return dataset;
  }

  private static String category(double x) {
    return x == Math.rint(x) ? String.format("%,d", (long) x) : String.valueOf(x);
  }
}
