// Package dynamo keeps article records and quote items in one DynamoDB table.
//
// Items:
//
//	ART#{tenant}#{source}#{id} / SUMMARY  the article: current revision, status, config hash,
//	                              usage, error, the summary JSON; gsi2 keys while it
//	                              needs work (PENDING, FAILED) or records its config
//	                              hash (DONE), so the reprocessor finds stale items
//	                              with Queries, never a Scan
//	ART#… / QUOTE#{set}#{nnnnn}   one per quote, in the set the article item names
//	                              (quote_set); gsi1 = SPK#{tenant}#{normalised speaker} /
//	                              {published time}#{source}#{id}#{set}#{nnnnn}: all
//	                              quotes by a speaker, newest first, in one Query
//	CTRL / HASHES                 the config hashes ever written (a string set)
//	CTRL / CURSOR#{name}          where a resumable reprocess run stopped
//
// Writes are conditional: ingest moves an article to a newer revision only
// (the CMS's updated time, then arrival order); summarize writes a summary only
// while its revision is current.
package dynamo

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/pipeline"
)

// API is the part of the DynamoDB client the store uses.
type API interface {
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
	Query(ctx context.Context, in *dynamodb.QueryInput, opts ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error)
	BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error)
	BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error)
}

// Index names.
const (
	SpeakerIndex = "gsi1"
	WorkIndex    = "gsi2"
)

// Work partitions of the work index (see article.WorkFailed).
const (
	WorkFailed  = article.WorkFailed
	WorkPending = article.WorkPending
)

// StatusWithdrawn is article.StatusWithdrawn.
const StatusWithdrawn = article.StatusWithdrawn

// Store is the DynamoDB record store.
type Store struct {
	api   API
	table string
	now   func() time.Time
	// hook, when set (tests only), runs at the named points of a summary
	// write ("quotes": before the quote items, "switch": before the
	// conditional switch); an error it returns aborts the write there, as a
	// crash would.
	hook func(point string, rec article.Record) error
	// hashes holds the config hashes this process has registered.
	hashes sync.Map
}

var _ pipeline.RecordStore = (*Store)(nil)

// New returns a store for table.
func New(api API, table string) *Store {
	if api == nil || table == "" {
		panic("dynamo.New: client and table are required")
	}
	return &Store{api: api, table: table, now: time.Now}
}

// articlePK is the partition key of an article: ART#{tenant}#{source}#{id},
// each part escaped so that no '#' inside a part collides with a separator.
func articlePK(tenant, source, id string) string {
	return "ART#" + article.KeyParts(tenant, source, id)
}

func articleKey(tenant, source, id string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"pk": s(articlePK(tenant, source, id)), "sk": s("SUMMARY")}
}

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func n(v int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(v, 10)}
}

func str(item map[string]types.AttributeValue, k string) string {
	if v, ok := item[k].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

func num(item map[string]types.AttributeValue, k string) int64 {
	if v, ok := item[k].(*types.AttributeValueMemberN); ok {
		i, _ := strconv.ParseInt(v.Value, 10, 64)
		return i
	}
	return 0
}

// timeKey formats a time so that strings sort like times.
func timeKey(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000Z") }

func isConditionFailed(err error) bool {
	var cf *types.ConditionalCheckFailedException
	return errors.As(err, &cf)
}

// Revision is article.Update.
type Revision = article.Update

// newerCondition holds when the stored item is older than the delivery: by
// the CMS's updated time, then its content version, then arrival.
const newerCondition = "(cms_updated < :u OR (cms_updated = :u AND (cms_version < :v OR (cms_version = :v AND arrival < :a))))"

// unseenCondition holds when the revision was never the article's: a
// delivery with neither a CMS time nor a version (ordered by arrival alone)
// cannot bring an earlier body back, so a replayed old delivery never wins.
const unseenCondition = "NOT contains(seen, :seen)"

// newer is newerCondition for a delivery with a content version, and
// without the version comparison for one that has none (ordered by time,
// then arrival).
func newer(version int64) string {
	if version == 0 {
		return "(cms_updated < :u OR (cms_updated = :u AND arrival < :a))"
	}
	return newerCondition
}

// BeginRevision makes r the article's current revision, PENDING, if r is
// newer than what is stored and differs from it (or brings back a withdrawn
// article). It reports whether the item changed; an older or repeated
// delivery changes nothing.
func (st *Store) BeginRevision(ctx context.Context, r Revision) (bool, error) {
	cms := ""
	if !r.CMSUpdated.IsZero() {
		cms = timeKey(r.CMSUpdated)
	}
	published := ""
	if r.PublishedAt != nil {
		published = timeKey(*r.PublishedAt)
	}
	cond := "attribute_not_exists(pk) OR (" + newer(r.CMSVersion) + " AND (revision <> :rev OR #st = :withdrawn))"
	if cms == "" && r.CMSVersion == 0 {
		cond = "attribute_not_exists(pk) OR (" + newer(0) + " AND (revision <> :rev OR #st = :withdrawn) AND " + unseenCondition + ")"
	}
	in := &dynamodb.UpdateItemInput{
		TableName: aws.String(st.table),
		Key:       articleKey(r.Tenant, r.Source, r.ID),
		UpdateExpression: aws.String("SET tenant = :ten, #src = :src, #id = :id, revision = :rev, #st = :pending, cms_updated = :u, cms_version = :v, arrival = :a, " +
			"title = :title, #url = :url, published_at = :pub, authors = :authors, #section = :section, tags = :tags, updated_at = :now, gsi2pk = :work, gsi2sk = :now, correlation_id = :cid, " +
			"#ver = if_not_exists(#ver, :zero) + :one REMOVE #err, summary, quote_count, attempts, next_try ADD seen :seenset"),
		ConditionExpression: aws.String(cond),
		ExpressionAttributeNames: map[string]string{
			"#src": "source", "#id": "id", "#st": "status", "#url": "url", "#ver": "version", "#err": "error",
			"#section": "section",
		},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":ten": s(r.Tenant), ":src": s(r.Source), ":id": s(r.ID), ":rev": s(r.Revision), ":pending": s(string(article.StatusPending)),
			":u": s(cms), ":v": n(r.CMSVersion), ":a": n(r.Arrival.UnixNano()), ":title": s(truncate(r.Title, article.MaxTitleBytes)), ":url": s(truncate(r.URL, article.MaxURLBytes)), ":pub": s(published),
			":now": s(timeKey(st.now())), ":work": s(WorkPending), ":zero": n(0), ":one": n(1), ":cid": s(r.Correlation),
			":withdrawn": s(string(StatusWithdrawn)), ":seenset": &types.AttributeValueMemberSS{Value: []string{article.SeenKey(r.Revision)}},
		},
	}
	if cms == "" && r.CMSVersion == 0 {
		in.ExpressionAttributeValues[":seen"] = s(article.SeenKey(r.Revision))
	}
	in.ExpressionAttributeValues[":authors"] = strList(r.Authors[:min(len(r.Authors), maxAuthors)])
	in.ExpressionAttributeValues[":section"] = s(cutLabel(r.Section))
	in.ExpressionAttributeValues[":tags"] = strList(r.Tags[:min(len(r.Tags), maxAuthors)])
	_, err := st.api.UpdateItem(ctx, in)
	if isConditionFailed(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("dynamodb begin revision %s/%s/%s: %w", r.Tenant, r.Source, r.ID, err)
	}
	return true, nil
}

// Withdraw takes an article out of service if the withdrawal is newer than
// the stored state, and deletes its quote items. A withdrawal of an article
// never seen leaves a tombstone, so an older delivery cannot bring it back.
// The withdrawal u is ordered like a revision (its Revision is ignored).
func (st *Store) Withdraw(ctx context.Context, u article.Update) (bool, error) {
	tenant, source, id, arrival := u.Tenant, u.Source, u.ID, u.Arrival
	cms := ""
	if !u.CMSUpdated.IsZero() {
		cms = timeKey(u.CMSUpdated)
	}
	_, err := st.api.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:           aws.String(st.table),
		Key:                 articleKey(tenant, source, id),
		UpdateExpression:    aws.String("SET tenant = :ten, #src = :src, #id = :id, #st = :withdrawn, cms_updated = :u, cms_version = :v, arrival = :a, updated_at = :now REMOVE gsi2pk, gsi2sk, summary, quote_count, quote_set, quotes_in_items"),
		ConditionExpression: aws.String("attribute_not_exists(pk) OR " + newer(u.CMSVersion)),
		ExpressionAttributeNames: map[string]string{
			"#src": "source", "#id": "id", "#st": "status",
		},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":ten": s(tenant), ":src": s(source), ":id": s(id), ":withdrawn": s(string(StatusWithdrawn)),
			":u": s(cms), ":v": n(u.CMSVersion), ":a": n(arrival.UnixNano()), ":now": s(timeKey(st.now())),
		},
	})
	if isConditionFailed(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("dynamodb withdraw %s/%s/%s: %w", tenant, source, id, err)
	}
	if err := st.deleteQuotes(ctx, tenant, source, id, "QUOTE#"); err != nil {
		return true, err
	}
	return true, nil
}

// MarkAnnounced records that ingest announced revision to summarize, while
// it is the article's revision.
func (st *Store) MarkAnnounced(ctx context.Context, tenant, source, id, revision string) error {
	_, err := st.api.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(st.table),
		Key:                       articleKey(tenant, source, id),
		UpdateExpression:          aws.String("SET announced = :rev"),
		ConditionExpression:       aws.String("revision = :rev"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":rev": s(revision)},
	})
	if err != nil && !isConditionFailed(err) {
		return fmt.Errorf("dynamodb mark announced %s/%s/%s: %w", tenant, source, id, err)
	}
	return nil
}

// GetRecord returns the article record, or nil when there is none.
func (st *Store) GetRecord(ctx context.Context, tenant, source, id string) (*article.Record, error) {
	out, err := st.api.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(st.table), Key: articleKey(tenant, source, id), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, fmt.Errorf("dynamodb get %s/%s/%s: %w", tenant, source, id, err)
	}
	if out.Item == nil {
		return nil, nil
	}
	rec, err := decodeRecord(out.Item)
	if err != nil || rec.Summary == nil || str(out.Item, "quotes_in_items") == "" {
		return rec, err
	}
	// A summary too large for one item keeps its quotations in the quote
	// items of its set.
	qs, err := st.quoteSet(ctx, tenant, source, id, str(out.Item, "quote_set"))
	if err != nil {
		return nil, err
	}
	rec.Summary.Quotes = qs
	return rec, nil
}

// quoteSet reads the quotations of one set of quote items, in order.
func (st *Store) quoteSet(ctx context.Context, tenant, source, id, set string) ([]article.Quote, error) {
	var out []article.Quote
	var start map[string]types.AttributeValue
	for {
		page, err := st.api.Query(ctx, &dynamodb.QueryInput{
			TableName:              aws.String(st.table),
			KeyConditionExpression: aws.String("pk = :pk AND begins_with(sk, :set)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{
				":pk": s(articlePK(tenant, source, id)), ":set": s(quoteSetPrefix(set)),
			},
			ProjectionExpression: aws.String("q, t"),
			ConsistentRead:       aws.Bool(true),
			ExclusiveStartKey:    start,
		})
		if err != nil {
			return nil, fmt.Errorf("dynamodb read quotes %s/%s/%s: %w", tenant, source, id, err)
		}
		for _, it := range page.Items {
			if t, ok := it["t"]; ok && len(out) > 0 {
				// a part of the quotation before (parts.go)
				_ = t
				out[len(out)-1].Text += str(it, "t")
				continue
			}
			var q article.Quote
			if err := json.Unmarshal([]byte(str(it, "q")), &q); err != nil {
				return nil, fmt.Errorf("decode quote item of %s/%s/%s: %w", tenant, source, id, err)
			}
			out = append(out, q)
		}
		if page.LastEvaluatedKey == nil {
			return out, nil
		}
		start = page.LastEvaluatedKey
	}
}

func decodeRecord(item map[string]types.AttributeValue) (*article.Record, error) {
	rec := &article.Record{
		Tenant: str(item, "tenant"), Source: str(item, "source"), ID: str(item, "id"), Revision: str(item, "revision"),
		Status: article.Status(str(item, "status")), ConfigHash: str(item, "config_hash"), Error: str(item, "error"),
		Usage: article.Usage{InputTokens: int(num(item, "input_tokens")), OutputTokens: int(num(item, "output_tokens")), CachedTokens: int(num(item, "cached_tokens"))},
	}
	if t, err := time.Parse(time.RFC3339Nano, str(item, "updated_at")); err == nil {
		rec.UpdatedAt = t
	}
	rec.Title, rec.URL, rec.Announced = str(item, "title"), str(item, "url"), str(item, "announced")
	rec.Correlation = str(item, "correlation_id")
	if t, err := time.Parse(time.RFC3339Nano, str(item, "published_at")); err == nil {
		rec.PublishedAt = &t
	}
	rec.Authors = strs(item, "authors")
	rec.Section, rec.Tags = str(item, "section"), strs(item, "tags")
	rec.Attempts = int(num(item, "attempts"))
	if t, err := time.Parse(time.RFC3339Nano, str(item, "next_try")); err == nil {
		rec.NextTry = &t
	}
	if js := str(item, "summary"); js != "" {
		var sum article.Summary
		if err := json.Unmarshal([]byte(js), &sum); err != nil {
			return nil, fmt.Errorf("decode stored summary of %s/%s: %w", rec.Source, rec.ID, err)
		}
		rec.Summary = &sum
	}
	return rec, nil
}

// PutRecord stores the outcome of a summarize run for rec.Revision: for DONE
// the quote items and then the summary, for FAILED the error. It fails with
// pipeline.ErrSuperseded when the article moved on to another revision or was
// withdrawn meanwhile.
func (st *Store) PutRecord(ctx context.Context, rec article.Record) error {
	switch rec.Status {
	case article.StatusDone:
		return st.putDone(ctx, rec)
	case article.StatusFailed:
		return st.putFailed(ctx, rec)
	}
	return fmt.Errorf("dynamodb put record: status %q is written by ingest, not summarize", rec.Status)
}

// currentCondition holds while the stored revision is rec's (or the item is
// new, as for the CLI's own records).
const currentCondition = "(attribute_not_exists(pk) OR (revision = :rev AND #st <> :withdrawn))"

func (st *Store) putFailed(ctx context.Context, rec article.Record) error {
	_, err := st.api.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:           aws.String(st.table),
		Key:                 articleKey(rec.Tenant, rec.Source, rec.ID),
		UpdateExpression:    aws.String("SET tenant = :ten, #src = :src, #id = :id, revision = :rev, #st = :failed, #err = :err, config_hash = :hash, updated_at = :now, gsi2pk = :work, gsi2sk = if_not_exists(next_try, :now)"),
		ConditionExpression: aws.String(currentCondition),
		ExpressionAttributeNames: map[string]string{
			"#src": "source", "#id": "id", "#st": "status", "#err": "error",
		},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":ten": s(rec.Tenant), ":src": s(rec.Source), ":id": s(rec.ID), ":rev": s(rec.Revision), ":failed": s(string(article.StatusFailed)),
			":err": s(truncate(rec.Error, 1000)), ":hash": s(rec.ConfigHash), ":now": s(timeKey(st.now())),
			":work": s(failedPartition(rec)), ":withdrawn": s(string(StatusWithdrawn)),
		},
	})
	if isConditionFailed(err) {
		return pipeline.ErrSuperseded
	}
	if err != nil {
		return classify(fmt.Errorf("dynamodb record failure %s/%s/%s: %w", rec.Tenant, rec.Source, rec.ID, err))
	}
	return nil
}

// classify marks an error the service will give again on every retry (a
// validation error: an item over the size limit, a bad key) as
// pipeline.ErrRejected; everything else stays worth a retry.
func classify(err error) error {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "ValidationException", "ItemCollectionSizeLimitExceededException", "SerializationException":
			return fmt.Errorf("%w: %s", pipeline.ErrRejected, reason(ae))
		}
	}
	return err
}

// reason is a short reason of our own for a refused write.
func reason(ae smithy.APIError) string {
	msg := strings.ToLower(ae.ErrorMessage())
	switch {
	case strings.Contains(msg, "size"):
		return "an item is over DynamoDB's 400 KB limit"
	case ae.ErrorCode() == "ItemCollectionSizeLimitExceededException":
		return "the article's items are over DynamoDB's collection limit"
	}
	return "DynamoDB refused the item (" + ae.ErrorCode() + ")"
}

// failedPartition is where a failure waits: WORK#FAILED to be retried, or
// WORK#REFUSED when retrying cannot help.
func failedPartition(rec article.Record) string {
	if rec.Permanent {
		return article.WorkRefused
	}
	return WorkFailed
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// maxInlineSummary is the largest summary JSON kept whole in the article
// item; a larger one keeps its quotations only in the quote items.
const maxInlineSummary = 300 << 10

// putDone writes a summary so that the quote items served always belong to
// the stored summary: the quotes go into a fresh set of items
// (QUOTE#{set}#{nnnnn}), the article item switches to that set only while
// rec's revision is current (a conditional write), and then the set it
// replaced is deleted. A writer that loses the switch deletes its own set;
// a writer that dies in between leaves items of a set no article item names,
// which the speaker query never serves.
func (st *Store) putDone(ctx context.Context, rec article.Record) error {
	if rec.Summary == nil {
		return errors.New("dynamodb put record: DONE without a summary")
	}
	// No read before the write: the caller has just read the record (the
	// summarize handler reads it once per message), and the conditional
	// switch below is the check that counts; a writer that loses it takes
	// its quote items back.
	if err := st.at("quotes", rec); err != nil {
		return err
	}
	set := newSetID(st.now())
	if err := st.putQuotes(ctx, rec, set); err != nil {
		return errors.Join(err, st.deleteQuotes(ctx, rec.Tenant, rec.Source, rec.ID, quoteSetPrefix(set)))
	}
	inline := *rec.Summary
	js, err := json.Marshal(inline)
	if err != nil {
		return fmt.Errorf("encode summary: %w", err)
	}
	inItems := len(js) > maxInlineSummary
	if inItems {
		inline.Quotes = nil
		if js, err = json.Marshal(inline); err != nil {
			return fmt.Errorf("encode summary: %w", err)
		}
	}
	if err := st.at("switch", rec); err != nil {
		return err
	}
	update := "SET tenant = :ten, #src = :src, #id = :id, revision = :rev, #st = :done, config_hash = :hash, summary = :sum, quote_set = :set, " +
		"quote_count = :qc, input_tokens = :in, output_tokens = :out, cached_tokens = :cached, updated_at = :now, gsi2pk = :cfg, gsi2sk = :now REMOVE #err, attempts, next_try"
	if inItems {
		update = strings.Replace(update, "SET ", "SET quotes_in_items = :yes, ", 1)
	} else {
		update += ", quotes_in_items"
	}
	values := map[string]types.AttributeValue{
		":ten": s(rec.Tenant), ":src": s(rec.Source), ":id": s(rec.ID), ":rev": s(rec.Revision), ":done": s(string(article.StatusDone)),
		":hash": s(rec.ConfigHash), ":sum": s(string(js)), ":qc": n(int64(len(rec.Summary.Quotes))), ":set": s(set),
		":in": n(int64(rec.Usage.InputTokens)), ":out": n(int64(rec.Usage.OutputTokens)), ":cached": n(int64(rec.Usage.CachedTokens)), ":now": s(timeKey(st.now())),
		":cfg": s(article.HashPartition(rec.ConfigHash)), ":withdrawn": s(string(StatusWithdrawn)),
	}
	if inItems {
		values[":yes"] = s("1")
	}
	out, err := st.api.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:           aws.String(st.table),
		Key:                 articleKey(rec.Tenant, rec.Source, rec.ID),
		UpdateExpression:    aws.String(update),
		ConditionExpression: aws.String(currentCondition),
		ExpressionAttributeNames: map[string]string{
			"#src": "source", "#id": "id", "#st": "status", "#err": "error",
		},
		ExpressionAttributeValues: values,
		ReturnValues:              types.ReturnValueUpdatedOld,
	})
	if err != nil {
		// Lost or failed: this set is no one's; take it back.
		cleanup := st.deleteQuotes(ctx, rec.Tenant, rec.Source, rec.ID, quoteSetPrefix(set))
		if isConditionFailed(err) {
			return errors.Join(pipeline.ErrSuperseded, cleanup)
		}
		return errors.Join(classify(fmt.Errorf("dynamodb store summary %s/%s/%s: %w", rec.Tenant, rec.Source, rec.ID, err)), cleanup)
	}
	// The set this write replaced is no longer named by the article item.
	if old := str(out.Attributes, "quote_set"); old != "" && old != set {
		if err := st.deleteQuotes(ctx, rec.Tenant, rec.Source, rec.ID, quoteSetPrefix(old)); err != nil {
			return err
		}
	}
	return st.registerHash(ctx, rec.ConfigHash)
}

// at runs the test hook at a point of a summary write.
func (st *Store) at(point string, rec article.Record) error {
	if st.hook == nil {
		return nil
	}
	return st.hook(point, rec)
}

// newSetID names a fresh set of quote items: the time, for readability,
// and random bytes, so two writers never share a set.
func newSetID(now time.Time) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return strconv.FormatInt(now.UnixMilli(), 36) + hex.EncodeToString(b[:])
}

func quoteSetPrefix(set string) string { return "QUOTE#" + set + "#" }

// registerHash adds a config hash to the set the reprocessor walks.
func (st *Store) registerHash(ctx context.Context, hash string) error {
	if hash == "" {
		return nil
	}
	if _, done := st.hashes.Load(hash); done {
		return nil // registered by this process already
	}
	_, err := st.api.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(st.table),
		Key:                       map[string]types.AttributeValue{"pk": s("CTRL"), "sk": s("HASHES")},
		UpdateExpression:          aws.String("ADD hashes :h"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":h": &types.AttributeValueMemberSS{Value: []string{hash}}},
	})
	if err != nil {
		return fmt.Errorf("dynamodb register config hash: %w", err)
	}
	st.hashes.Store(hash, true)
	return nil
}

// Hashes returns every config hash a summary was written with.
func (st *Store) Hashes(ctx context.Context) ([]string, error) {
	out, err := st.api.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(st.table), Key: map[string]types.AttributeValue{"pk": s("CTRL"), "sk": s("HASHES")}})
	if err != nil {
		return nil, fmt.Errorf("dynamodb read config hashes: %w", err)
	}
	if v, ok := out.Item["hashes"].(*types.AttributeValueMemberSS); ok {
		return v.Value, nil
	}
	return nil, nil
}

func quoteSK(set string, i int) string { return fmt.Sprintf("%s%05d", quoteSetPrefix(set), i) }

// putQuotes writes one item per quote, in set; each holds the quote as the
// summary contract has it (q), and the speaker index keys.
func (st *Store) putQuotes(ctx context.Context, rec article.Record, set string) error {
	sum := rec.Summary
	when := sum.Article.PublishedAt
	order := ""
	if when != nil {
		order = timeKey(*when)
	} else {
		order = timeKey(st.now())
	}
	var reqs []types.WriteRequest
	for i, q := range sum.Quotes {
		sp := sum.SpeakerByID(q.Speaker)
		name := "unknown"
		if sp != nil {
			name = sp.Name
		}
		qj, parts, err := splitQuote(q)
		if err != nil {
			return err
		}
		sk := quoteSK(set, i+1)
		pk := articlePK(rec.Tenant, rec.Source, rec.ID)
		item := map[string]types.AttributeValue{
			"pk": s(pk), "sk": s(sk),
			"tenant": s(rec.Tenant), "source": s(rec.Source), "id": s(rec.ID), "revision": s(rec.Revision), "quote_set": s(set),
			"speaker_name": s(name), "q": s(qj), "title": s(sum.Article.Title), "url": s(sum.Article.URL), "order": s(order),
		}
		if len(parts) > 0 {
			item["text_parts"] = n(int64(len(parts)))
			reqs = append(reqs, partItems(pk, sk, set, rec.Revision, parts)...)
		}
		if len(q.Flags) > 0 { // a set, for filters: sorted, each flag once
			item["flags"] = &types.AttributeValueMemberSS{Value: slices.Compact(slices.Sorted(slices.Values(q.Flags)))}
		}
		if key := article.NormalizeName(name); key != "" && name != "unknown" {
			item["gsi1pk"] = s(speakerPK(rec.Tenant, key))
			item["gsi1sk"] = s(order + "#" + article.KeyParts(rec.Source, rec.ID) + "#" + strings.TrimPrefix(sk, "QUOTE#"))
		}
		reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: item}})
	}
	if err := st.batchWrite(ctx, reqs); err != nil {
		return classify(err)
	}
	return nil
}

// deleteQuotes deletes the article's items whose sort key starts with
// prefix: one set ("QUOTE#{set}#") or all quote items ("QUOTE#").
func (st *Store) deleteQuotes(ctx context.Context, tenant, source, id, prefix string) error {
	var reqs []types.WriteRequest
	var start map[string]types.AttributeValue
	for {
		out, err := st.api.Query(ctx, &dynamodb.QueryInput{
			TableName:              aws.String(st.table),
			KeyConditionExpression: aws.String("pk = :pk AND begins_with(sk, :prefix)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{
				":pk": s(articlePK(tenant, source, id)), ":prefix": s(prefix),
			},
			ProjectionExpression: aws.String("pk, sk"),
			ExclusiveStartKey:    start,
		})
		if err != nil {
			return fmt.Errorf("dynamodb list quotes %s/%s/%s: %w", tenant, source, id, err)
		}
		for _, it := range out.Items {
			reqs = append(reqs, types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: map[string]types.AttributeValue{"pk": it["pk"], "sk": it["sk"]}}})
		}
		if out.LastEvaluatedKey == nil {
			break
		}
		start = out.LastEvaluatedKey
	}
	return st.batchWrite(ctx, reqs)
}

// batchWrite writes requests 25 at a time, retrying unprocessed items.
func (st *Store) batchWrite(ctx context.Context, reqs []types.WriteRequest) error {
	for len(reqs) > 0 {
		k := min(25, len(reqs))
		pending := map[string][]types.WriteRequest{st.table: reqs[:k]}
		reqs = reqs[k:]
		for attempt := 0; len(pending[st.table]) > 0; attempt++ {
			if attempt == 8 {
				return errors.New("dynamodb batch write: items still unprocessed after 8 attempts")
			}
			if attempt > 0 {
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(time.Duration(50<<attempt) * time.Millisecond):
				}
			}
			out, err := st.api.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: pending})
			if err != nil {
				return fmt.Errorf("dynamodb batch write: %w", err)
			}
			pending = out.UnprocessedItems
		}
	}
	return nil
}

// SpeakerQuote is article.SpeakerQuote.
type SpeakerQuote = article.SpeakerQuote

// ErrBadCursor is article.ErrBadCursor.
var ErrBadCursor = article.ErrBadCursor

// speakerPK is the speaker index key: SPK#{tenant}#{normalised name}; a
// tenant's speaker query never sees another tenant's quotes.
// The name part is cut to maxSpeakerKey bytes (at a rune boundary), well
// inside DynamoDB's 2,048-byte key limit, the same way on write and query.
func speakerPK(tenant, key string) string {
	if len(key) > maxSpeakerKey {
		cut := maxSpeakerKey
		for cut > 0 && !utf8.RuneStart(key[cut]) {
			cut--
		}
		key = key[:cut]
	}
	return "SPK#" + article.KeyParts(tenant) + "#" + key
}

const maxSpeakerKey = 1024

// QuotesBySpeaker returns a speaker's quotes across the tenant's articles,
// newest first, a page at a time. The cursor is opaque; "" starts at the
// newest.
func (st *Store) QuotesBySpeaker(ctx context.Context, tenant, name string, limit int, cursor string) ([]SpeakerQuote, string, error) {
	key := article.NormalizeName(name)
	if key == "" {
		return nil, "", nil
	}
	start, err := decodeCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	out, err := st.api.Query(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String(st.table),
		IndexName:                 aws.String(SpeakerIndex),
		KeyConditionExpression:    aws.String("gsi1pk = :p"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": s(speakerPK(tenant, key))},
		ScanIndexForward:          aws.Bool(false),
		Limit:                     aws.Int32(int32(limit)),
		ExclusiveStartKey:         start,
	})
	if err != nil {
		return nil, "", fmt.Errorf("dynamodb speaker query: %w", err)
	}
	current, err := st.currentSets(ctx, out.Items)
	if err != nil {
		return nil, "", err
	}
	qs := make([]SpeakerQuote, 0, len(out.Items))
	for _, it := range out.Items {
		if current[str(it, "pk")] != str(it, "quote_set")+"|"+str(it, "revision") {
			continue // a set the article item does not name: stale or orphaned
		}
		var q article.Quote
		if err := json.Unmarshal([]byte(str(it, "q")), &q); err != nil {
			return nil, "", fmt.Errorf("decode quote item: %w", err)
		}
		if num(it, "text_parts") > 0 {
			if q.Text, err = st.textOfParts(ctx, str(it, "pk"), str(it, "sk")); err != nil {
				return nil, "", err
			}
		}
		qs = append(qs, SpeakerQuote{
			Source: str(it, "source"), ID: str(it, "id"), Title: str(it, "title"), URL: str(it, "url"),
			Speaker: str(it, "speaker_name"), Text: q.Text, Kind: q.Kind, Cue: q.Cue,
			Start: q.Start, End: q.End, Confidence: q.Confidence, Order: str(it, "order"),
			Flags: strSet(it, "flags"),
		})
	}
	next, err := encodeCursor(out.LastEvaluatedKey)
	return qs, next, err
}

// currentSets returns, for the articles of the given quote items, the set
// and revision their article item serves ("set|revision"); a withdrawn or
// unfinished article serves none.
func (st *Store) currentSets(ctx context.Context, items []map[string]types.AttributeValue) (map[string]string, error) {
	out := map[string]string{}
	var keys []map[string]types.AttributeValue
	for _, it := range items {
		pk := str(it, "pk")
		if _, ok := out[pk]; !ok {
			out[pk] = ""
			keys = append(keys, map[string]types.AttributeValue{"pk": s(pk), "sk": s("SUMMARY")})
		}
	}
	for len(keys) > 0 {
		k := min(100, len(keys))
		req := map[string]types.KeysAndAttributes{st.table: {
			Keys: keys[:k], ConsistentRead: aws.Bool(true),
			ProjectionExpression: aws.String("pk, quote_set, revision, #st"), ExpressionAttributeNames: map[string]string{"#st": "status"},
		}}
		keys = keys[k:]
		for attempt := 0; len(req) > 0; attempt++ {
			if attempt == 8 {
				return nil, errors.New("dynamodb batch get: keys still unprocessed after 8 attempts")
			}
			if attempt > 0 {
				select {
				case <-ctx.Done():
					return nil, ctx.Err()
				case <-time.After(time.Duration(50<<attempt) * time.Millisecond):
				}
			}
			res, err := st.api.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: req})
			if err != nil {
				return nil, fmt.Errorf("dynamodb read articles of quotes: %w", err)
			}
			for _, it := range res.Responses[st.table] {
				if article.Status(str(it, "status")) == article.StatusDone {
					out[str(it, "pk")] = str(it, "quote_set") + "|" + str(it, "revision")
				}
			}
			req = res.UnprocessedKeys
		}
	}
	return out, nil
}

// encodeCursor turns a DynamoDB key of string attributes into an opaque
// cursor.
func encodeCursor(key map[string]types.AttributeValue) (string, error) {
	if key == nil {
		return "", nil
	}
	m := map[string]string{}
	for k, v := range key {
		sv, ok := v.(*types.AttributeValueMemberS)
		if !ok {
			return "", fmt.Errorf("cursor: key attribute %s is not a string", k)
		}
		m[k] = sv.Value
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func decodeCursor(c string) (map[string]types.AttributeValue, error) {
	if c == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, ErrBadCursor
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil || len(m) == 0 {
		return nil, ErrBadCursor
	}
	key := map[string]types.AttributeValue{}
	for k, v := range m {
		key[k] = s(v)
	}
	return key, nil
}

// WorkItem is article.WorkItem.
type WorkItem = article.WorkItem

// Work returns up to limit articles in a work partition (WorkFailed,
// WorkPending, or HashPartition(hash)) last updated before `before`,
// starting at cursor; it returns the cursor of the next page ("" at the end).
func (st *Store) Work(ctx context.Context, partition string, before time.Time, limit int, cursor string) ([]WorkItem, string, error) {
	start, err := decodeCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	out, err := st.api.Query(ctx, &dynamodb.QueryInput{
		TableName:              aws.String(st.table),
		IndexName:              aws.String(WorkIndex),
		KeyConditionExpression: aws.String("gsi2pk = :p AND gsi2sk < :before"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":p": s(partition), ":before": s(timeKey(before)),
		},
		Limit:             aws.Int32(int32(limit)),
		ExclusiveStartKey: start,
	})
	if err != nil {
		return nil, "", fmt.Errorf("dynamodb work query %s: %w", partition, err)
	}
	// The index projects the revision and status: no item is read again.
	var items []WorkItem
	for _, it := range out.Items {
		rest, ok := strings.CutPrefix(str(it, "pk"), "ART#")
		if !ok {
			continue
		}
		parts, ok := article.SplitKeyParts(rest, 3)
		if !ok {
			continue
		}
		items = append(items, WorkItem{Tenant: parts[0], Source: parts[1], ID: parts[2], Revision: str(it, "revision"), Status: article.Status(str(it, "status"))})
	}
	next, err := encodeCursor(out.LastEvaluatedKey)
	return items, next, err
}

// HashPartition is article.HashPartition.
func HashPartition(hash string) string { return article.HashPartition(hash) }

// Cursor returns the saved cursor of a resumable run ("" when none).
func (st *Store) Cursor(ctx context.Context, name string) (string, error) {
	out, err := st.api.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(st.table), Key: map[string]types.AttributeValue{"pk": s("CTRL"), "sk": s("CURSOR#" + name)}})
	if err != nil {
		return "", fmt.Errorf("dynamodb read cursor: %w", err)
	}
	return str(out.Item, "cursor"), nil
}

// SaveCursor stores the cursor of a resumable run; "" clears it.
func (st *Store) SaveCursor(ctx context.Context, name, cursor string) error {
	_, err := st.api.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(st.table),
		Item: map[string]types.AttributeValue{
			"pk": s("CTRL"), "sk": s("CURSOR#" + name), "cursor": s(cursor), "updated_at": s(timeKey(st.now())),
		},
	})
	if err != nil {
		return fmt.Errorf("dynamodb save cursor: %w", err)
	}
	return nil
}

// CreateTable creates the table with its indexes, as template.yaml
// declares it; for tests and local stand-ins.
func CreateTable(ctx context.Context, api interface {
	CreateTable(ctx context.Context, in *dynamodb.CreateTableInput, opts ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error)
}, table string) error {
	attr := func(name string) types.AttributeDefinition {
		return types.AttributeDefinition{AttributeName: aws.String(name), AttributeType: types.ScalarAttributeTypeS}
	}
	key := func(h, r string) []types.KeySchemaElement {
		return []types.KeySchemaElement{{AttributeName: aws.String(h), KeyType: types.KeyTypeHash}, {AttributeName: aws.String(r), KeyType: types.KeyTypeRange}}
	}
	_, err := api.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String(table),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{attr("pk"), attr("sk"), attr("gsi1pk"), attr("gsi1sk"), attr("gsi2pk"), attr("gsi2sk")},
		KeySchema:            key("pk", "sk"),
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{
			{IndexName: aws.String(SpeakerIndex), KeySchema: key("gsi1pk", "gsi1sk"), Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}},
			{IndexName: aws.String(WorkIndex), KeySchema: key("gsi2pk", "gsi2sk"), Projection: &types.Projection{ProjectionType: types.ProjectionTypeInclude, NonKeyAttributes: []string{"revision", "status"}}},
		},
	})
	if err != nil {
		return fmt.Errorf("create table %s: %w", table, err)
	}
	return nil
}

// strSet returns a string set attribute sorted, or nil.
func strSet(item map[string]types.AttributeValue, k string) []string {
	v, ok := item[k].(*types.AttributeValueMemberSS)
	if !ok || len(v.Value) == 0 {
		return nil
	}
	return slices.Sorted(slices.Values(v.Value))
}

// maxAuthors and maxAuthorBytes bound the bylines an article item keeps
// (and its tags, and the length of its section), so that a delivery cannot
// grow it toward the item size limit.
const (
	maxAuthors     = 32
	maxAuthorBytes = 256
)

// strList is a list of strings, each cut to maxAuthorBytes, as a DynamoDB
// list (empty when there are none: a list, unlike a string set, may be
// empty).
func strList(v []string) types.AttributeValue {
	l := make([]types.AttributeValue, len(v))
	for i, x := range v {
		l[i] = s(cutLabel(x))
	}
	return &types.AttributeValueMemberL{Value: l}
}

// cutLabel cuts a byline, section or tag to maxAuthorBytes.
func cutLabel(x string) string {
	if len(x) > maxAuthorBytes {
		n := maxAuthorBytes
		for n > 0 && !utf8.RuneStart(x[n]) {
			n-- // never split a character: DynamoDB takes only valid UTF-8
		}
		x = x[:n]
	}
	return x
}

// strs reads a list of strings; nil when absent or empty.
func strs(item map[string]types.AttributeValue, k string) []string {
	l, ok := item[k].(*types.AttributeValueMemberL)
	if !ok {
		return nil
	}
	var out []string
	for _, v := range l.Value {
		if x, ok := v.(*types.AttributeValueMemberS); ok {
			out = append(out, x.Value)
		}
	}
	return out
}
