using System.Diagnostics;
using Platform.Emulators.Edge;

namespace Platform.Tests.Telemetry;

/// <summary>AWS's trace header and W3C trace context convert both ways without losing the trace id,
/// so an event keeps one trace across the API, the queue and the function.</summary>
public sealed class XRayTraceHeaderTests
{
    [Fact]
    public void A_w3c_context_round_trips_through_the_xray_form()
    {
        var context = new ActivityContext(ActivityTraceId.CreateFromString("5759e988bd862e3fe1be46a994272793"),
            ActivitySpanId.CreateFromString("53995c3f42cd8ad8"), ActivityTraceFlags.Recorded);

        var header = XRayTraceHeader.Format(context);

        Assert.Equal("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", header);
        Assert.True(XRayTraceHeader.TryParse(header, out var parsed));
        Assert.Equal(context.TraceId, parsed.TraceId);
        Assert.Equal(context.SpanId, parsed.SpanId);
        Assert.Equal(ActivityTraceFlags.Recorded, parsed.TraceFlags);
    }

    [Theory]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793")]
    [InlineData("Sampled=0;Root=1-5759E988-BD862E3FE1BE46A994272793;Lineage=a87bd80c:0")]
    public void A_header_without_parent_or_in_another_order_keeps_its_trace_id(string header)
    {
        Assert.True(XRayTraceHeader.TryParse(header, out var parsed));
        Assert.Equal("5759e988bd862e3fe1be46a994272793", parsed.TraceId.ToHexString());
        Assert.Equal(ActivityTraceFlags.None, parsed.TraceFlags);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Root=2-5759e988-bd862e3fe1be46a994272793")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a99427279")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a99427279z")]
    [InlineData("Root=1-00000000-000000000000000000000000")]
    [InlineData("Parent=53995c3f42cd8ad8")]
    public void Anything_else_is_not_a_trace(string? header) => Assert.False(XRayTraceHeader.TryParse(header, out _));

    [Fact]
    public void A_request_prefers_traceparent_to_the_amazon_header()
    {
        Assert.True(XRayTraceHeader.TryParseRequest("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null,
            "Root=1-5759e988-bd862e3fe1be46a994272793", out var parent));
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", parent.TraceId.ToHexString());
        Assert.True(XRayTraceHeader.TryParseRequest(null, null, "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", out parent));
        Assert.Equal("53995c3f42cd8ad8", parent.SpanId.ToHexString());
        Assert.False(XRayTraceHeader.TryParseRequest(null, null, null, out _));
    }
}
