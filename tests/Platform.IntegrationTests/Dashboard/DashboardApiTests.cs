using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.IntegrationTests.Dashboard;

/// <summary>/_platform's JSON actions for scripts and tests, and the rules that keep other web pages away from them.</summary>
[Collection(nameof(DashboardBrowserTests))]
public sealed class DashboardApiTests(DashboardPlatformFixture platform) : IClassFixture<DashboardPlatformFixture>
{
    private HttpClient Http => platform.Http!;

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task A_state_changing_action_from_another_site_is_refused_and_changes_nothing(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_platform/reset");
        request.Headers.Add(header, value);
        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_foreign_host_name_is_refused_so_dns_rebinding_cannot_reach_the_dashboard()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_platform/");
        request.Headers.Host = "attacker.example";
        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Actions_must_be_posts_and_the_page_is_served_from_the_platform_with_a_strict_policy()
    {
        using var put = await Http.PutAsync("/_platform/reset", new StringContent(""));
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        using var get = await Http.GetAsync("/_platform/reset");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);

        using var page = await Http.GetAsync("/_platform/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        using var script = await Http.GetAsync("/_platform/assets/app.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_http_view_lists_apis_with_their_routes_functions_and_last_requests()
    {
        using var answered = await Http.GetAsync("/_aws/execute-api/yamlroutes/$default/orders/42?x=1");
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        using var missing = await Http.GetAsync("/_aws/execute-api/yamlroutes/$default/nowhere");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var view = await Http.GetFromJsonAsync<JsonElement>("/_platform/http");

        var api = view.GetProperty("apis").EnumerateArray().Single(a => a.GetProperty("id").GetString() == "yamlroutes");
        Assert.Equal("HTTP", api.GetProperty("kind").GetString());
        Assert.True(api.GetProperty("declared").GetBoolean());
        Assert.Equal($"http://yamlroutes.execute-api.localhost:{platform.Endpoint.Port}/", api.GetProperty("url").GetString());
        var route = api.GetProperty("routes").EnumerateArray().Single();
        Assert.Equal("GET /orders/{id}", route.GetProperty("route").GetString());
        Assert.Equal("api", route.GetProperty("function").GetString());
        var requests = api.GetProperty("lastRequests").EnumerateArray().ToList();
        Assert.True(requests.Count >= 2, view.ToString());
        // Newest first, with the status each got.
        Assert.Equal("/_aws/execute-api/yamlroutes/$default/nowhere", requests[0].GetProperty("path").GetString());
        Assert.Equal(404, requests[0].GetProperty("status").GetInt32());
        Assert.Equal("/_aws/execute-api/yamlroutes/$default/orders/42?x=1", requests[1].GetProperty("path").GetString());
        Assert.Equal(200, requests[1].GetProperty("status").GetInt32());
        Assert.Equal(answered.Headers.GetValues("apigw-requestid").Single(), requests[1].GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task Peek_send_and_reset_of_one_queue_through_the_json_api()
    {
        using var created = await Http.PostAsync("/_platform/queues/orders-dlq/messages",
            JsonContent.Create(new { body = "{\"orderId\":\"o-9\"}" }));
        created.EnsureSuccessStatusCode();
        var messageId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetString();

        var peeked = (await Http.GetFromJsonAsync<JsonElement[]>("/_platform/queues/orders-dlq/messages"))!;
        var message = Assert.Single(peeked, m => m.GetProperty("messageId").GetString() == messageId);
        Assert.Equal("{\"orderId\":\"o-9\"}", message.GetProperty("body").GetString());
        Assert.Equal(0, message.GetProperty("receiveCount").GetInt32());

        using var reset = await Http.PostAsync("/_platform/reset?queue=orders-dlq", null);
        reset.EnsureSuccessStatusCode();
        Assert.Empty((await Http.GetFromJsonAsync<JsonElement[]>("/_platform/queues/orders-dlq/messages"))!);

        using var missing = await Http.GetAsync("/_platform/queues/no-such-queue/messages");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Prometheus_metrics_count_invocations_and_show_queue_depths()
    {
        using var upload = await Http.PostAsync("/_platform/buckets/uploads/object?key=metrics/probe.txt", new StringContent("probe"));
        upload.EnsureSuccessStatusCode();
        await Http.GetAsync("/_platform/invocations?function=thumbs&minCount=1&waitSeconds=30");

        var text = await Http.GetStringAsync("/_platform/metrics");

        Assert.Matches("""platform_invocations_total\{function="thumbs",trigger="s3:uploads",outcome="Succeeded"\} [1-9]""", text);
        Assert.Contains("# TYPE platform_invocation_duration_ms histogram", text, StringComparison.Ordinal);
        Assert.Contains("""platform_invocation_duration_ms_bucket{function="thumbs",le="+Inf"}""", text, StringComparison.Ordinal);
        Assert.Contains("""platform_async_event_age_ms_count{function="thumbs"}""", text, StringComparison.Ordinal);
        Assert.Contains("""platform_queue_messages{queue="orders",state="visible"}""", text, StringComparison.Ordinal);
    }
}
