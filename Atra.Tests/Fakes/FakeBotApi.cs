using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atra.Tests.Fakes;

/// <summary>
/// A loopback Telegram Bot API (Kestrel on 127.0.0.1) serving the recorded payloads of TestData/Telegram at
/// <c>/bot{token}/{method}</c>. It enforces Telegram's limits: more than <see cref="GlobalLimit"/> accepted messages in
/// any 1 s window, or two to one chat closer than <see cref="PerChatInterval"/>, get the recorded 429 body with a real
/// retry_after (the recording has placeholders). A channel or group (negative chat id) takes at most
/// <see cref="ChannelLimit"/> posts per <see cref="ChannelWindow"/> (Telegram: 20 a minute) instead of the per-chat
/// interval. A message sent with <c>allow_paid_broadcast</c> counts against the paid limit (1,000 a second) instead of
/// the free one, and is counted in <see cref="PaidMessages"/>. It counts requests that came back before their
/// retry_after ran out, and can answer the recorded 403/400/401 bodies on demand.
/// </summary>
public sealed class FakeBotApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly Queue<TimeSpan> _window = new();
    private readonly Queue<TimeSpan> _paidWindow = new();
    private readonly Dictionary<long, Queue<TimeSpan>> _channelPosts = [];
    private readonly Dictionary<long, TimeSpan> _lastToChat = [];
    private readonly Dictionary<long, TimeSpan> _chatBlockedUntil = [];
    private readonly ConcurrentDictionary<long, ConcurrentQueue<string>> _failNext = new();
    private readonly ConcurrentDictionary<long, bool> _blocked = new();
    private readonly List<JsonObject> _updates = [];
    private readonly SemaphoreSlim _updateArrived = new(0);
    private int _messageId = 1000;
    private int _updateId = 500_000;

    private FakeBotApi(string token, int globalLimit, TimeSpan perChatInterval, TimeSpan channelWindow)
    {
        Token = token;
        GlobalLimit = globalLimit;
        PerChatInterval = perChatInterval;
        ChannelWindow = channelWindow;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/bot{token}/{method}", HandleAsync);
        _app.MapGet("/bot{token}/{method}", HandleAsync);
    }

    public string Token { get; }

    public int GlobalLimit { get; }

    public TimeSpan PerChatInterval { get; }

    /// <summary>Telegram: 20 posts per minute to one group or channel. Tests shrink the window, not the count.</summary>
    public const int ChannelLimit = 20;

    public TimeSpan ChannelWindow { get; }

    /// <summary>Telegram: paid broadcasts go up to 1,000 messages per second.</summary>
    public const int PaidLimit = 1000;

    private int _paidMessages;

    /// <summary>Messages accepted with <c>allow_paid_broadcast</c> (0.1 Star each).</summary>
    public int PaidMessages => Volatile.Read(ref _paidMessages);

    public string BaseUrl { get; private set; } = "";

    public ConcurrentQueue<SentMessage> Sent { get; } = new();

    public ConcurrentQueue<(string Id, string? Text)> CallbackAnswers { get; } = new();

    public ConcurrentQueue<string> Methods { get; } = new();

    private int _tooManyRequests;
    private int _earlyRetries;

    public int TooManyRequests => Volatile.Read(ref _tooManyRequests);

    /// <summary>Requests to a chat that arrived before the retry_after we gave for that chat had passed.</summary>
    public int EarlyRetries => Volatile.Read(ref _earlyRetries);

    public string? WebhookSecret { get; private set; }

    /// <summary>False: <see cref="Sent"/> keeps no text or keyboard (long measurements, where the fake's own memory would grow).</summary>
    public bool KeepTexts { get; set; } = true;

    public static async Task<FakeBotApi> StartAsync(string token, int globalLimit = 30, TimeSpan? perChatInterval = null, TimeSpan? channelWindow = null)
    {
        var fake = new FakeBotApi(token, globalLimit, perChatInterval ?? TimeSpan.FromSeconds(1), channelWindow ?? TimeSpan.FromMinutes(1));
        await fake._app.StartAsync().ConfigureAwait(false);
        var address = fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = address;
        return fake;
    }

    /// <summary>A recorded payload of TestData/Telegram (beside the assembly: the tests' and the fan-out benchmark's).</summary>
    public static string Recorded(string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Telegram", file));

    /// <summary>Every message to this chat is answered with the recorded 403 "bot was blocked by the user".</summary>
    public void Block(long chatId) => _blocked[chatId] = true;

    /// <summary>The next message to this chat gets the recorded error body <paramref name="file"/>.</summary>
    public void FailNext(long chatId, string file) => _failNext.GetOrAdd(chatId, _ => new()).Enqueue(file);

    public IReadOnlyList<SentMessage> To(long chatId) => Sent.Where(m => m.ChatId == chatId).ToList();

    /// <summary>A private text message from a user, shaped like the recorded getUpdates message.</summary>
    public int SendText(long userId, string text, string languageCode = "en")
    {
        var recorded = JsonNode.Parse(Recorded("getUpdates.recorded-2021-10-22.json"))!["result"]![0]!.AsObject();
        var update = (JsonObject)recorded.DeepClone();
        var message = update["message"]!.AsObject();
        message["from"]!["id"] = userId;
        message["from"]!["language_code"] = languageCode;
        message["chat"]!["id"] = userId;
        message["text"] = text;
        message["message_id"] = Interlocked.Increment(ref _messageId);
        if (text.StartsWith('/'))
        {
            var length = text.Contains(' ', StringComparison.Ordinal) ? text.IndexOf(' ', StringComparison.Ordinal) : text.Length;
            message["entities"] = new JsonArray(new JsonObject { ["offset"] = 0, ["length"] = length, ["type"] = "bot_command" });
        }
        else
        {
            message.Remove("entities");
        }
        return Enqueue(update);
    }

    /// <summary>A button press, shaped like the recorded callback_query update.</summary>
    public int Press(long userId, string data, SentMessage? on = null)
    {
        var update = JsonNode.Parse(Recorded("update.callback_query.recorded-2021-11-01.json"))!.AsObject();
        var callback = update["callback_query"]!.AsObject();
        callback["id"] = Guid.NewGuid().ToString("N");
        callback["from"]!["id"] = userId;
        callback["data"] = data;
        var message = callback["message"]!.AsObject();
        message["chat"]!["id"] = userId;
        message["message_id"] = on?.MessageId ?? 1;
        message["text"] = on?.Text ?? "";
        return Enqueue(update);
    }

    /// <summary>The whole update as Telegram would POST it to a webhook.</summary>
    public static string TextUpdateJson(long userId, string text, int updateId, int? messageId = null)
    {
        var update = (JsonObject)JsonNode.Parse(Recorded("getUpdates.recorded-2021-10-22.json"))!["result"]![0]!.DeepClone();
        update["update_id"] = updateId;
        if (messageId is { } id)
        {
            update["message"]!["message_id"] = id;
        }
        update["message"]!["from"]!["id"] = userId;
        update["message"]!["chat"]!["id"] = userId;
        update["message"]!["text"] = text;
        update["message"]!["entities"]![0]!["length"] = text.Length;
        return update.ToJsonString();
    }

    public async Task<SentMessage> WaitForAsync(long chatId, Func<SentMessage, bool> predicate, int skip = 0, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            var hit = To(chatId).Skip(skip).FirstOrDefault(predicate);
            if (hit is not null)
            {
                return hit;
            }
            await Task.Delay(20).ConfigureAwait(false);
        }
        throw new TimeoutException($"no message to {chatId} matched; got: {string.Join(" | ", To(chatId).Select(m => m.Text))}");
    }

    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? what = null) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, what);

    /// <summary>Polls an asynchronous condition (a store query) every 20 ms until it holds; a timeout names <paramref name="what"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition().ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("timed out waiting: " + what);
            }
            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    private int Enqueue(JsonObject update)
    {
        var id = Interlocked.Increment(ref _updateId);
        update["update_id"] = id;
        lock (_gate)
        {
            _updates.Add(update);
        }
        _updateArrived.Release();
        return id;
    }

    private async Task<IResult> HandleAsync(HttpContext context, string token, string method)
    {
        Methods.Enqueue(method);
        if (token != Token)
        {
            return Json(401, Recorded("unauthorized.json"));
        }
        JsonObject body;
        if (context.Request.HasJsonContentType())
        {
            body = (await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false))?.AsObject() ?? [];
        }
        else
        {
            body = [];
            if (context.Request.HasFormContentType)
            {
                foreach (var (k, v) in await context.Request.ReadFormAsync().ConfigureAwait(false))
                {
                    body[k] = v.ToString();
                }
            }
        }
        switch (method)
        {
            case "getMe":
                return Json(200, Recorded("getMe.recorded-2021.json"));
            case "setWebhook":
                WebhookSecret = body["secret_token"]?.GetValue<string>();
                return Json(200, Recorded("setWebhook.recorded-2021.json"));
            case "deleteWebhook":
                return Json(200, Recorded("deleteWebhook.recorded-2021.json"));
            case "answerCallbackQuery":
                CallbackAnswers.Enqueue((body["callback_query_id"]?.GetValue<string>() ?? "", body["text"]?.GetValue<string>()));
                return Json(200, """{"ok":true,"result":true}""");
            case "getUpdates":
                return await GetUpdatesAsync(body, context.RequestAborted).ConfigureAwait(false);
            case "sendMessage":
            case "editMessageText":
                return SendMessage(method, body);
            default:
                return Json(404, """{"ok":false,"error_code":404,"description":"Not Found"}""");
        }
    }

    private async Task<IResult> GetUpdatesAsync(JsonObject body, CancellationToken aborted)
    {
        var offset = body["offset"]?.GetValue<int>() ?? 0;
        var timeout = TimeSpan.FromSeconds(body["timeout"]?.GetValue<int>() ?? 0);
        var deadline = _clock.Elapsed + timeout;
        while (true)
        {
            JsonArray result;
            lock (_gate)
            {
                _updates.RemoveAll(u => u["update_id"]!.GetValue<int>() < offset);
                result = new JsonArray(_updates.Select(u => (JsonNode)u.DeepClone()).ToArray());
            }
            var left = deadline - _clock.Elapsed;
            if (result.Count > 0 || left <= TimeSpan.Zero)
            {
                return Json(200, new JsonObject { ["ok"] = true, ["result"] = result }.ToJsonString());
            }
            try
            {
                await _updateArrived.WaitAsync(left, aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return Results.Empty;
            }
        }
    }

    private IResult SendMessage(string method, JsonObject body)
    {
        // Telegram takes chat_id as a number or a numeric string (Alertmanager's client sends strings).
        var chatId = body["chat_id"] is JsonValue v && v.TryGetValue<string>(out var text) ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : body["chat_id"]!.GetValue<long>();
        var now = _clock.Elapsed;
        if (_blocked.ContainsKey(chatId))
        {
            return Json(403, Recorded("forbidden-bot-blocked-by-user.json"));
        }
        if (_failNext.TryGetValue(chatId, out var failures) && failures.TryDequeue(out var file))
        {
            var code = JsonNode.Parse(Recorded(file))!["error_code"]!.GetValue<int>();
            return Json(code, file == "too-many-requests.json" ? TooMany(1) : Recorded(file));
        }
        lock (_gate)
        {
            // Taken under the lock so the window's queue stays in time order when requests arrive together (a time
            // taken before the lock could be enqueued behind a later one, and the window would count a moment too long).
            now = _clock.Elapsed;
            if (_chatBlockedUntil.TryGetValue(chatId, out var until) && now < until)
            {
                _earlyRetries++;
            }
            var paid = body["allow_paid_broadcast"] is JsonValue flag && flag.ToString() is "true" or "True";
            var window = paid ? _paidWindow : _window;
            while (window.Count > 0 && now - window.Peek() >= TimeSpan.FromSeconds(1))
            {
                window.Dequeue();
            }
            int? retryAfter = null;
            if (window.Count >= (paid ? PaidLimit : GlobalLimit))
            {
                retryAfter = Math.Max(1, (int)Math.Ceiling((window.Peek() + TimeSpan.FromSeconds(1) - now).TotalSeconds));
            }
            else if (chatId < 0)
            {
                if (!_channelPosts.TryGetValue(chatId, out var posts))
                {
                    _channelPosts[chatId] = posts = new Queue<TimeSpan>();
                }
                while (posts.Count > 0 && now - posts.Peek() >= ChannelWindow)
                {
                    posts.Dequeue();
                }
                if (posts.Count >= ChannelLimit)
                {
                    retryAfter = Math.Max(1, (int)Math.Ceiling((posts.Peek() + ChannelWindow - now).TotalSeconds));
                }
                else
                {
                    posts.Enqueue(now);
                }
            }
            else if (_lastToChat.TryGetValue(chatId, out var last) && now - last < PerChatInterval)
            {
                retryAfter = Math.Max(1, (int)Math.Ceiling((last + PerChatInterval - now).TotalSeconds));
            }
            if (retryAfter is { } wait)
            {
                _tooManyRequests++;
                _chatBlockedUntil[chatId] = now + TimeSpan.FromSeconds(wait);
                return Json(429, TooMany(wait));
            }
            window.Enqueue(now);
            _lastToChat[chatId] = now;
            if (paid)
            {
                _paidMessages++;
            }
        }
        var messageText = body["text"]?.GetValue<string>() ?? "";
        var messageId = method == "editMessageText" ? body["message_id"]!.GetValue<int>() : Interlocked.Increment(ref _messageId);
        var markup = body["reply_markup"]?.ToJsonString();
        Sent.Enqueue(new SentMessage(method, chatId, messageId, KeepTexts ? messageText : "", KeepTexts ? markup : null, _clock.Elapsed)
        {
            ParseMode = body["parse_mode"]?.ToString(),
            DisableNotification = body["disable_notification"]?.ToString() is "true" or "True",
        });
        var response = JsonNode.Parse(Recorded("sendMessage.recorded-2018-11-01.json"))!.AsObject();
        var result = response["result"]!.AsObject();
        result["message_id"] = messageId;
        result["chat"]!["id"] = chatId;
        result["text"] = messageText;
        return Json(200, response.ToJsonString());
    }

    /// <summary>The recorded 429 body with its placeholders ("retry after X", 123) filled in.</summary>
    private static string TooMany(int seconds)
    {
        var body = JsonNode.Parse(Recorded("too-many-requests.json"))!.AsObject();
        body["description"] = $"Too Many Requests: retry after {seconds}";
        body["parameters"]!["retry_after"] = seconds;
        return body.ToJsonString();
    }

    private static IResult Json(int status, string body) => Results.Content(body, "application/json", statusCode: status);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _updateArrived.Dispose();
    }
}

/// <summary>A message the fake accepted.</summary>
public sealed record SentMessage(string Method, long ChatId, int MessageId, string Text, string? ReplyMarkup, TimeSpan At)
{
    public string? ParseMode { get; init; }

    /// <summary>Sent silently (<c>disable_notification</c>): no sound on the recipient's phone.</summary>
    public bool DisableNotification { get; init; }

    public bool HasButton(string callbackData) => ReplyMarkup?.Contains($"\"{callbackData}\"", StringComparison.Ordinal) == true;
}
