using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;

namespace Atra.Host.Platform.Logging;

/// <summary>
/// Ships log events to Elasticsearch's <c>_bulk</c> API as ECS documents in daily <c>atra-logs-YYYY.MM.dd</c>
/// indices. It runs on Serilog's own batching (a background loop, off the request path) which runs the batches; failed
/// batches are retried here with backoff; <see cref="BoundedSink"/> in front of it caps the buffer so a dead Elasticsearch costs
/// dropped (and counted) log events, never memory or a blocked caller.
/// </summary>
internal sealed class ElasticsearchBulkSink : IBatchedLogEventSink, IDisposable
{
    private static readonly MediaTypeHeaderValue NdJson = new("application/x-ndjson");
    private readonly HttpClient _http;
    private readonly Uri _bulk;
    private readonly ElasticsearchOptions _options;
    private readonly ElasticsearchSinkStats _stats;
    private readonly TimeProvider _clock;
    private readonly string _host = Environment.MachineName;

    public ElasticsearchBulkSink(ElasticsearchOptions options, ElasticsearchSinkStats stats, TimeProvider clock, HttpMessageHandler? handler = null)
    {
        _options = options;
        _stats = stats;
        _clock = clock;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.Timeout = options.RequestTimeout;
        if (!string.IsNullOrEmpty(options.Username))
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}"));
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }
        _bulk = new Uri(new Uri(options.Url!.TrimEnd('/') + "/"), "_bulk");
    }

    public async Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        var body = Serialize(batch);
        var started = _clock.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(250);
        try
        {
            while (true)
            {
                try
                {
                    await PostAsync(body, batch.Count).ConfigureAwait(false);
                    return;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                {
                    _stats.Failed(ex.Message);
                    if (_clock.GetElapsedTime(started) + delay > _options.RetryTimeLimit)
                    {
                        _stats.DroppedBatch(batch.Count);
                        SelfLog.WriteLine("Elasticsearch at {0} is unreachable; dropped {1} log events after retrying: {2}", _bulk.GetLeftPart(UriPartial.Authority), batch.Count, ex.Message);
                        return;
                    }
                    SelfLog.WriteLine("Elasticsearch at {0} is unreachable, retrying {1} log events: {2}", _bulk.GetLeftPart(UriPartial.Authority), batch.Count, ex.Message);
                    await Task.Delay(delay, _clock).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                }
            }
        }
        finally
        {
            // Own retries instead of Serilog's: only here do we know when a batch is given up, so the buffer
            // reservation is always released exactly once.
            _stats.Release(batch.Count);
        }
    }

    private async Task PostAsync(byte[] body, int count)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = NdJson;
        using var response = await _http.PostAsync(_bulk, content).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode}: {Truncate(text)}");
        }
        var rejected = CountItemErrors(text);
        if (rejected > 0)
        {
            // Per-document rejections (a mapping conflict, say) will not heal by retrying: count and move on.
            _stats.DroppedBatch(rejected);
            SelfLog.WriteLine("Elasticsearch rejected {0} of {1} log documents", rejected, count);
        }
        _stats.RecordShipped(count - rejected, _clock.GetUtcNow());
    }

    public Task OnEmptyBatchAsync() => Task.CompletedTask;

    internal byte[] Serialize(IReadOnlyCollection<LogEvent> batch)
    {
        using var buffer = new MemoryStream();
        foreach (var e in batch)
        {
            var index = $"{_options.IndexPrefix}-{e.Timestamp.UtcDateTime.ToString("yyyy.MM.dd", CultureInfo.InvariantCulture)}";
            using (var action = new Utf8JsonWriter(buffer))
            {
                action.WriteStartObject();
                action.WriteStartObject("create");
                action.WriteString("_index", index);
                action.WriteEndObject();
                action.WriteEndObject();
            }
            buffer.WriteByte((byte)'\n');
            using (var doc = new Utf8JsonWriter(buffer))
            {
                WriteDocument(doc, e);
            }
            buffer.WriteByte((byte)'\n');
        }
        return buffer.ToArray();
    }

    private void WriteDocument(Utf8JsonWriter w, LogEvent e)
    {
        w.WriteStartObject();
        w.WriteString("@timestamp", e.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        w.WriteString("message", e.RenderMessage(CultureInfo.InvariantCulture));
        w.WriteStartObject("ecs");
        w.WriteString("version", "8.11.0");
        w.WriteEndObject();
        w.WriteStartObject("log");
        w.WriteString("level", e.Level.ToString());
        if (e.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: string logger })
        {
            w.WriteString("logger", logger);
        }
        w.WriteEndObject();
        w.WriteStartObject("service");
        w.WriteString("name", "atra");
        w.WriteEndObject();
        w.WriteStartObject("host");
        w.WriteString("name", _host);
        w.WriteEndObject();
        w.WriteStartObject("process");
        w.WriteNumber("pid", Environment.ProcessId);
        w.WriteEndObject();
        if (e.Exception is { } ex)
        {
            w.WriteStartObject("error");
            w.WriteString("type", ex.GetType().FullName);
            w.WriteString("message", ex.Message);
            w.WriteString("stack_trace", ex.ToString());
            w.WriteEndObject();
        }
        w.WriteStartObject("atra");
        w.WriteString("message_template", e.MessageTemplate.Text);
        foreach (var (name, value) in e.Properties)
        {
            if (name == "SourceContext")
            {
                continue;
            }
            w.WritePropertyName(name);
            WriteValue(w, value);
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: null }:
                w.WriteNullValue();
                break;
            case ScalarValue { Value: bool b }:
                w.WriteBooleanValue(b);
                break;
            case ScalarValue { Value: int or long or short or byte or uint or ulong or ushort or sbyte } s:
                w.WriteRawValue(Convert.ToString(s.Value, CultureInfo.InvariantCulture)!);
                break;
            case ScalarValue { Value: double d } when double.IsFinite(d):
                w.WriteNumberValue(d);
                break;
            case ScalarValue { Value: float f } when float.IsFinite(f):
                w.WriteNumberValue(f);
                break;
            case ScalarValue { Value: decimal m }:
                w.WriteNumberValue(m);
                break;
            case ScalarValue { Value: DateTimeOffset dto }:
                w.WriteStringValue(dto.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                break;
            case ScalarValue { Value: DateTime dt }:
                w.WriteStringValue(dt.ToString("O", CultureInfo.InvariantCulture));
                break;
            case ScalarValue s:
                w.WriteStringValue(Convert.ToString(s.Value, CultureInfo.InvariantCulture));
                break;
            case SequenceValue seq:
                w.WriteStartArray();
                foreach (var item in seq.Elements)
                {
                    WriteValue(w, item);
                }
                w.WriteEndArray();
                break;
            case StructureValue structure:
                w.WriteStartObject();
                foreach (var p in structure.Properties)
                {
                    w.WritePropertyName(p.Name);
                    WriteValue(w, p.Value);
                }
                w.WriteEndObject();
                break;
            case DictionaryValue dictionary:
                w.WriteStartObject();
                foreach (var (k, v) in dictionary.Elements)
                {
                    w.WritePropertyName(Convert.ToString(k.Value, CultureInfo.InvariantCulture) ?? "null");
                    WriteValue(w, v);
                }
                w.WriteEndObject();
                break;
            default:
                w.WriteStringValue(value.ToString());
                break;
        }
    }

    private static int CountItemErrors(string response)
    {
        try
        {
            using var doc = JsonDocument.Parse(response);
            if (!doc.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.True)
            {
                return 0;
            }
            var count = 0;
            foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
            {
                foreach (var action in item.EnumerateObject())
                {
                    if (action.Value.TryGetProperty("error", out _))
                    {
                        count++;
                    }
                }
            }
            return count;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    private static string Truncate(string s) => s.Length <= 200 ? s : s[..200] + "…";

    public void Dispose() => _http.Dispose();
}
