using System.Text.Json;

namespace Atra.Tests.Fakes;

/// <summary>Polls a background job's resource (backtests, retrains) until it leaves queued/running.</summary>
internal static class BackgroundJob
{
    // The cap only guards against a hang, it is not a timing assertion.
    public static async Task<JsonElement> WaitDoneAsync(HttpClient client, Uri location, int polls = 3000)
    {
        for (var i = 0; i < polls; i++)
        {
            using var job = JsonDocument.Parse(await client.GetStringAsync(location));
            var status = job.RootElement.GetProperty("status").GetString();
            if (status is "done" or "failed")
            {
                return job.RootElement.Clone();
            }
            Assert.That(status, Is.AnyOf("queued", "running"));
            await Task.Delay(100);
        }
        Assert.Fail($"{location} did not finish");
        return default;
    }
}
