namespace Platform.Bench;

internal static class Report
{
    public static void Line(string scenario, string text) => Console.WriteLine($"[{scenario}] {text}");

    public static string Percentiles(IReadOnlyList<double> samples)
    {
        var sorted = samples.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length))];
        return $"p50 {At(0.50):F2} / p90 {At(0.90):F2} / p99 {At(0.99):F2} / max {sorted[^1]:F2}";
    }
}
