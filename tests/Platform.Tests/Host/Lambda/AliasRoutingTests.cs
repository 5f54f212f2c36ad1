using Platform.Host.Lambda;

namespace Platform.Tests.Host.Lambda;

public sealed class AliasRoutingTests
{
    private static AliasRecord Alias(params (string Version, double Weight)[] weights) => new()
    {
        FunctionName = "fn",
        Name = "live",
        FunctionVersion = "1",
        RevisionId = "r",
        AdditionalVersionWeights = weights.ToDictionary(w => w.Version, w => w.Weight),
    };

    [Theory]
    [InlineData(0.0, "2")]
    [InlineData(0.29, "2")]
    [InlineData(0.3, "1")]
    [InlineData(0.99, "1")]
    public void A_draw_below_the_weight_runs_the_additional_version(double draw, string expected) =>
        Assert.Equal(expected, new AliasRouting(new FixedRandom(draw)).Choose(Alias(("2", 0.3))));

    [Fact]
    public void An_alias_without_routing_runs_its_version_without_drawing() =>
        Assert.Equal("1", new AliasRouting(new FixedRandom(double.NaN)).Choose(Alias()));

    [Fact]
    public void A_zero_weight_never_routes() =>
        Assert.Equal("1", new AliasRouting(new FixedRandom(0.0)).Choose(Alias(("2", 0.0))));

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => double.IsNaN(value) ? throw new InvalidOperationException("drew") : value;
    }
}
