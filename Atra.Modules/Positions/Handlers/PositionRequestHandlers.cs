using Atra.Modules.Positions.Contracts;
using Atra.Modules.Positions.Ledger;
using Atra.Modules.Shared.Errors;
using Atra.Modules.Shared.Persistence;
using Dapper;
using Mediator;

namespace Atra.Modules.Positions.Handlers;

/// <summary>The Positions contracts: commands go to <see cref="PositionService"/>, reads straight to the tables.</summary>
internal sealed class PositionRequestHandlers(PositionService positions, IDbConnectionFactory connections) :
    IRequestHandler<OpenPositionCommand, OpenPositionResult>,
    IRequestHandler<SizeOfferQuery, Risk.Contracts.PositionSize>,
    IRequestHandler<ClosePositionCommand, ClosePositionResult>,
    IRequestHandler<ListPositionsQuery, PositionPage>,
    IRequestHandler<GetPositionQuery, PositionDto?>,
    IRequestHandler<GetPositionHistoryQuery, IReadOnlyList<PositionDto>>
{
    public const int MaxLimit = 200;

    private const string ListSql = "SELECT " + PositionRow.Columns + """
         FROM positions
        WHERE user_id = @UserId
          AND (@Status IS NULL OR status = @Status)
          AND (@BeforeId IS NULL OR id < @BeforeId)
        ORDER BY id DESC
        LIMIT @Take
        """;

    private const string GetSql = "SELECT " + PositionRow.Columns + " FROM positions WHERE id = @Id";

    private const string TransactionsSql = "SELECT " + TransactionRow.Columns + " FROM transactions WHERE position_id = @Id ORDER BY id";

    private const string HistorySql = "SELECT " + PositionRow.Columns + """
         FROM positions WHERE user_id = @UserId AND status = 'closed' ORDER BY closed_at DESC, id DESC LIMIT @Limit
        """;

    public async ValueTask<Risk.Contracts.PositionSize> Handle(SizeOfferQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (size, _) = await positions.SizeAsync(request.Settings, request.Symbol, request.Side, request.Entry, request.StopLoss, request.Dca, cancellationToken).ConfigureAwait(false);
        return size;
    }

    public async ValueTask<OpenPositionResult> Handle(OpenPositionCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await positions.OpenAsync(request.UserId, request.SignalId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<ClosePositionResult> Handle(ClosePositionCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await positions.CloseByHandAsync(request.UserId, request.PositionId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<PositionPage> Handle(ListPositionsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"limit: must be between 1 and {MaxLimit}."];
        }
        if (request.Status is not null and not "open" and not "closed")
        {
            errors["status"] = ["status: must be open or closed."];
        }
        if (request.BeforeId is <= 0)
        {
            errors["before_id"] = ["before_id: must be a positive position id."];
        }
        if (errors.Count > 0)
        {
            throw new AtraProblem(400, "Invalid input", string.Join(" ", errors.Values.SelectMany(v => v)), errors);
        }
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<PositionRow>(new CommandDefinition(ListSql, new
        {
            request.UserId,
            request.Status,
            request.BeforeId,
            Take = request.Limit + 1,
        }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var more = rows.Count > request.Limit;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }
        return new PositionPage([.. rows.Select(r => r.ToDto())], more ? rows[^1].Id : null);
    }

    public async ValueTask<PositionDto?> Handle(GetPositionQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<PositionRow>(new CommandDefinition(GetSql, new { Id = request.PositionId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }
        var transactions = await connection.QueryAsync<TransactionRow>(new CommandDefinition(TransactionsSql, new { Id = request.PositionId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row.ToDto([.. transactions.Select(t => t.ToDto())]);
    }

    public async ValueTask<IReadOnlyList<PositionDto>> Handle(GetPositionHistoryQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Limit is < 1 or > MaxLimit)
        {
            throw AtraProblem.Validation("limit", $"limit: must be between 1 and {MaxLimit}.");
        }
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<PositionRow>(new CommandDefinition(HistorySql, new { request.UserId, request.Limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToDto())];
    }
}
