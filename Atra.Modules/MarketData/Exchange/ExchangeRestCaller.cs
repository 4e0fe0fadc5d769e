using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Atra.Modules.MarketData.Exchange;

/// <summary>
/// GET requests to one exchange through its named HttpClient (whose resilience handler retries only network
/// errors, timeouts and 5xx), with the exchange's rate limits handled here: weight budget, 429 Retry-After,
/// 418 circuit. Records latency, errors and weight for metrics and status.
/// </summary>
internal sealed partial class ExchangeRestCaller(
    IHttpClientFactory httpFactory,
    string clientName,
    RateGate gate,
    string? weightHeader,
    TimeSpan maxRetryAfterWait,
    ExchangeStatusTracker status,
    ILogger logger)
{
    private const int MaxRateLimitedAttempts = 3;

    public RateGate Gate => gate;

    public async Task<byte[]> GetAsync(string endpoint, string pathAndQuery, int weight, CancellationToken ct)
    {
        var exchange = gate.Exchange;
        for (var attempt = 1; ; attempt++)
        {
            await gate.WaitAsync(weight, ct).ConfigureAwait(false);
            var http = httpFactory.CreateClient(clientName);
            var started = Stopwatch.GetTimestamp();
            HttpResponseMessage response;
            try
            {
                response = await http.GetAsync(new Uri(pathAndQuery, UriKind.Relative), HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                       || (ex is OperationCanceledException && !ct.IsCancellationRequested))
            {
                Fail(endpoint, "unreachable", $"{endpoint}: {ex.Message}");
                throw new ExchangeException(exchange, $"{endpoint} unreachable: {ex.Message}", null, ex);
            }
            using (response)
            {
                var elapsed = Stopwatch.GetElapsedTime(started);
                MarketDataMetrics.RequestDuration.WithLabels(exchange, endpoint).Observe(elapsed.TotalSeconds);
                if (weightHeader is not null && response.Headers.TryGetValues(weightHeader, out var values)
                    && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var used))
                {
                    gate.Observe(used);
                }
                var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                var code = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    status.Success(exchange, elapsed);
                    return body;
                }
                var retryAfter = RetryAfter(response);
                if (code == 418)
                {
                    var ban = retryAfter ?? TimeSpan.FromMinutes(2);
                    gate.Ban(ban);
                    Fail(endpoint, "banned", $"HTTP 418: IP banned for {ban.TotalSeconds:0} s; requests stopped until then");
                    LogBanned(logger, exchange, ban.TotalSeconds);
                    throw new ExchangeException(exchange, $"{endpoint}: HTTP 418 (IP banned for {ban.TotalSeconds:0} s) {ErrorText(body)}", code);
                }
                if (code == (int)HttpStatusCode.TooManyRequests || (code == 403 && exchange == "Bybit"))
                {
                    var pause = retryAfter ?? TimeSpan.FromSeconds(code == 403 ? 60 : 10);
                    gate.Pause(pause);
                    MarketDataMetrics.RequestErrors.WithLabels(exchange, "rate_limited").Inc();
                    status.Warning(exchange, $"{endpoint}: HTTP {code} rate limited; waiting {pause.TotalSeconds:0.#} s");
                    LogRateLimited(logger, exchange, endpoint, code, pause.TotalSeconds);
                    if (attempt < MaxRateLimitedAttempts && pause <= maxRetryAfterWait)
                    {
                        continue;
                    }
                    throw new ExchangeException(exchange, $"{endpoint}: HTTP {code} rate limited (Retry-After {pause.TotalSeconds:0} s) {ErrorText(body)}", code);
                }
                var text = ErrorText(body);
                Fail(endpoint, code >= 500 ? "server_error" : "client_error", $"{endpoint}: HTTP {code} {text}");
                throw new ExchangeException(exchange, $"{endpoint}: HTTP {code} {text}", code);
            }
        }
    }

    private void Fail(string endpoint, string reason, string message)
    {
        MarketDataMetrics.RequestErrors.WithLabels(gate.Exchange, reason).Inc();
        status.Failure(gate.Exchange, message);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            var d = date - DateTimeOffset.UtcNow;
            return d > TimeSpan.Zero ? d : TimeSpan.Zero;
        }
        return null;
    }

    /// <summary>Binance errors are <c>{"code":-1121,"msg":"Invalid symbol."}</c>; anything else is shown truncated.</summary>
    internal static string ErrorText(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("code", out var c) && doc.RootElement.TryGetProperty("msg", out var m))
            {
                return $"(code {c.GetRawText()}: {m.GetString()})";
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the raw text.
        }
        var raw = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200));
        return raw.Length == 0 ? string.Empty : $"({raw})";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Exchange} answered 418: this IP is banned for {Seconds} s; no request goes out until then")]
    private static partial void LogBanned(ILogger logger, string exchange, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Exchange} {Endpoint} answered {Status}: rate limited, waiting {Seconds} s")]
    private static partial void LogRateLimited(ILogger logger, string exchange, string endpoint, int status, double seconds);
}
