using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Atra.Tests.Fakes;

/// <summary>
/// A loopback stand-in for Elasticsearch's <c>_bulk</c> endpoint: records each request body and answers as
/// Elasticsearch does (<c>{"errors":false,"items":[...]}</c>), or fails or stalls on demand.
/// </summary>
public sealed class FakeElasticsearch : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeElasticsearch(WebApplication app) => _app = app;

    public ConcurrentQueue<(string ContentType, string Body)> Requests { get; } = new();

    /// <summary>Every PUT (index lifecycle, templates, settings): path with query, Authorization header, body.</summary>
    public ConcurrentQueue<(string PathAndQuery, string? Authorization, string Body)> Puts { get; } = new();

    /// <summary>How many of the next requests answer 503.</summary>
    public int FailNext { get; set; }

    public TimeSpan Delay { get; set; }

    public Uri Url { get; private set; } = null!;

    public static async Task<FakeElasticsearch> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeElasticsearch(app);
        app.MapPost("/_bulk", async (HttpContext context) =>
        {
            if (fake.Delay > TimeSpan.Zero)
            {
                await Task.Delay(fake.Delay, context.RequestAborted);
            }
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            if (fake.FailNext > 0)
            {
                fake.FailNext--;
                return Results.Json(new { error = "unavailable_shards_exception", status = 503 }, statusCode: 503);
            }
            fake.Requests.Enqueue((context.Request.ContentType ?? string.Empty, body));
            var items = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length / 2;
            return Results.Json(new { took = 1, errors = false, items = Enumerable.Range(0, items).Select(_ => new { create = new { status = 201 } }) });
        });
        app.MapPut("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            if (fake.FailNext > 0)
            {
                fake.FailNext--;
                return Results.Json(new { error = "unavailable_shards_exception", status = 503 }, statusCode: 503);
            }
            fake.Puts.Enqueue((context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.ToString(), body));
            return Results.Json(new { acknowledged = true });
        });
        await app.StartAsync();
        fake.Url = new Uri(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    public IEnumerable<string> Documents() =>
        Requests.SelectMany(r => r.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where((_, i) => i % 2 == 1));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
