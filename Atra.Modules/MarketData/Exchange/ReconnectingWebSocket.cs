using System.Buffers;
using System.Net.WebSockets;
using Atra.Modules.Shared.Workers;
using Microsoft.Extensions.Logging;

namespace Atra.Modules.MarketData.Exchange;

/// <summary>
/// Keeps one WebSocket subscription alive: connects, hands each text message to a callback, and after a drop
/// (closed by the server, network error, a keep-alive ping without pong) reconnects with jittered exponential
/// back-off until cancelled. What was missed while disconnected is the consumer's to backfill.
/// </summary>
internal sealed partial class ReconnectingWebSocket(string exchange, TimeSpan baseDelay, TimeSpan maxDelay, TimeSpan connectTimeout, ExchangeStatusTracker status, TimeProvider clock, ILogger logger)
{
    /// <summary>Sockets opened after a drop (counted once per new connection attempt after the first).</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    private int _reconnects;

    public async Task RunAsync(
        Uri uri,
        Func<ClientWebSocket, CancellationToken, Task>? onConnected,
        Func<ReadOnlyMemory<byte>, ValueTask> onMessage,
        TimeSpan? pingEvery,
        ReadOnlyMemory<byte> pingPayload,
        CancellationToken ct)
    {
        var attempt = 0;
        var first = true;
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        while (!ct.IsCancellationRequested)
        {
            if (!first)
            {
                Interlocked.Increment(ref _reconnects);
                MarketDataMetrics.Reconnects.WithLabels(exchange).Inc();
            }
            first = false;
            try
            {
                using var ws = new ClientWebSocket();
                // A ping without a pong within the timeout aborts the socket, so a silently dead link is noticed.
                ws.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
                ws.Options.KeepAliveTimeout = TimeSpan.FromSeconds(20);
                using (var connectCts = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    connectCts.CancelAfter(connectTimeout);
                    await ws.ConnectAsync(uri, connectCts.Token).ConfigureAwait(false);
                }
                LogConnected(logger, exchange, uri.GetLeftPart(UriPartial.Path));
                if (onConnected is not null)
                {
                    await onConnected(ws, ct).ConfigureAwait(false);
                }
                using var pingCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var pinger = pingEvery is { } every ? PingAsync(ws, every, pingPayload, pingCts.Token) : Task.CompletedTask;
                try
                {
                    await ReceiveAsync(ws, buffer, onMessage, () => attempt = 0, ct).ConfigureAwait(false);
                }
                finally
                {
                    await pingCts.CancelAsync().ConfigureAwait(false);
                    await pinger.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
                status.Warning(exchange, $"stream closed by the server ({ws.CloseStatus} {ws.CloseStatusDescription}); reconnecting");
                LogDropped(logger, exchange, $"closed by the server: {ws.CloseStatus} {ws.CloseStatusDescription}");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or HttpRequestException or InvalidOperationException)
            {
                status.Warning(exchange, $"stream dropped: {ex.Message}; reconnecting");
                LogDropped(logger, exchange, ex.Message);
            }
            var delay = Backoff.Delay(attempt++, baseDelay, maxDelay);
            try
            {
                await Task.Delay(delay, clock, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ReceiveAsync(ClientWebSocket ws, ArrayBufferWriter<byte> buffer, Func<ReadOnlyMemory<byte>, ValueTask> onMessage, Action received, CancellationToken ct)
    {
        while (true)
        {
            buffer.ResetWrittenCount();
            ValueWebSocketReceiveResult result;
            do
            {
                result = await ws.ReceiveAsync(buffer.GetMemory(16 * 1024), ct).ConfigureAwait(false);
                buffer.Advance(result.Count);
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
            received();
            try
            {
                await onMessage(buffer.WrittenMemory).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                // One bad message is skipped, not a reason to drop the stream.
                LogBadMessage(logger, ex, exchange);
            }
        }
    }

    private static async Task PingAsync(ClientWebSocket ws, TimeSpan every, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(every);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            await ws.SendAsync(payload, WebSocketMessageType.Text, true, ct).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Exchange} stream connected to {Url}")]
    private static partial void LogConnected(ILogger logger, string exchange, string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Exchange} stream dropped ({Reason}); reconnecting with back-off")]
    private static partial void LogDropped(ILogger logger, string exchange, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Exchange} sent a message that could not be read; skipped")]
    private static partial void LogBadMessage(ILogger logger, Exception exception, string exchange);
}
