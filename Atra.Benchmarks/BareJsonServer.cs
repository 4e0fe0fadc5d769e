using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Atra.Benchmarks;

/// <summary>
/// The reference for <c>wrk/api-bench.sh</c>: a bare ASP.NET Core endpoint answering every GET with the same
/// JSON bytes from memory (no auth, no database, no logging), so the comparison shows what Atra's pipeline costs.
/// </summary>
internal static class BareJsonServer
{
    public static async Task RunAsync(string urls, string jsonFile)
    {
        var json = await File.ReadAllBytesAsync(jsonFile).ConfigureAwait(false);
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls);
        await using var app = builder.Build();
        app.MapGet("/{**path}", (HttpContext http) =>
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            return http.Response.Body.WriteAsync(json).AsTask();
        });
        await app.RunAsync().ConfigureAwait(false);
    }
}
