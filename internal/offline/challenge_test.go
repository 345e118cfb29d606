package offline

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/evaluate"
	"github.com/whosaid/whosaid/internal/offline/testdata/challenge/markup"
)

// The challenge set: invented articles written for the offline extractor's
// hard cases (see testdata/challenge/README.md), scored like the dev set.
const challengeDir = "testdata/challenge"

// Quality floors on the challenge set, by cover. Issue 9 holds F1 and
// speaker accuracy at 0.95 or better at cover 0.3; the rules reach 0.983
// and 0.960 there on the 70 articles (cover 0.8: F1 0.966, speaker 0.961),
// so cover 0.8 keeps what it reaches minus two points.
var (
	challengeFloorF1      = map[float64]float64{0.3: 0.95, 0.8: 0.946}
	challengeFloorSpeaker = map[float64]float64{0.3: 0.95, 0.8: 0.941}
)

// The third writer's set (testdata/challenge3/README.md), written blind;
// floors at what the rules reach minus two points (cover 0.3: F1 0.956,
// speaker 0.879; cover 0.8: F1 0.944, speaker 0.878).
const thirdWriterDir = "testdata/challenge3"

var (
	thirdWriterFloorF1      = map[float64]float64{0.3: 0.936, 0.8: 0.924}
	thirdWriterFloorSpeaker = map[float64]float64{0.3: 0.859, 0.8: 0.858}
)

// checkGoldUpToDate regenerates the gold file and the README's pattern
// table of the set in dir from its article sources, fails when either
// differs from what is committed, and returns the articles.
func checkGoldUpToDate(t *testing.T, dir string) []markup.Article {
	t.Helper()
	arts, err := markup.Load(filepath.Join(dir, "articles"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := markup.JSONL(arts)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "challenge.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	regen := "go run ./internal/offline/testdata/challenge/gen -dir internal/offline/" + dir
	if !bytes.Equal(got, want) {
		t.Errorf("%s/challenge.jsonl is out of date: run %s", dir, regen)
	}
	table, err := markup.PatternTable(arts)
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), markup.TableStart+table+markup.TableEnd) {
		t.Errorf("the pattern table in %s/README.md is out of date: run %s", dir, regen)
	}
	return arts
}

// challengeSet reads challenge.jsonl.
func challengeSet(tb testing.TB) []evaluate.GoldArticle {
	tb.Helper()
	return readGoldFile(tb, filepath.Join(challengeDir, "challenge.jsonl"))
}

// TestThirdWriterSet checks that the third writer's gold file and pattern
// table are up to date with its article sources and slice to its texts,
// and holds its floors.
func TestThirdWriterSet(t *testing.T) {
	checkGoldUpToDate(t, thirdWriterDir)
	gold := readGoldFile(t, filepath.Join(thirdWriterDir, "challenge.jsonl"))
	checkGoldOffsets(t, gold)
	scoreAgainstFloors(t, gold, thirdWriterFloorF1, thirdWriterFloorSpeaker)
}

// TestChallengeSetUpToDate regenerates the gold file and the README's
// pattern table from the annotated article sources in memory and fails when
// either differs from what is committed; it also checks that every pattern
// appears in at least two articles.
func TestChallengeSetUpToDate(t *testing.T) {
	arts := checkGoldUpToDate(t, challengeDir)
	counts := markup.PatternCounts(arts)
	for _, p := range markup.Patterns {
		if counts[p.Name] < 2 {
			t.Errorf("pattern %s appears in %d articles, want at least 2", p.Name, counts[p.Name])
		}
	}
}

// TestChallengeSetGold checks the gold file itself: offsets slice to the
// quoted text in bytes and in code points, the set is as large as the issue
// asks, and every article has several speakers.
func TestChallengeSetGold(t *testing.T) {
	gold := challengeSet(t)
	if len(gold) < 40 {
		t.Errorf("%d articles, want at least 40", len(gold))
	}
	checkGoldOffsets(t, gold)
}

// checkGoldOffsets checks that every quotation's offsets slice to its text
// in bytes and in code points, and that every article has several speakers.
func checkGoldOffsets(t *testing.T, gold []evaluate.GoldArticle) {
	t.Helper()
	ids := map[string]bool{}
	for _, a := range gold {
		if ids[a.ID] {
			t.Errorf("duplicate id %s", a.ID)
		}
		ids[a.ID] = true
		runes := []rune(a.Text)
		speakers := map[string]bool{}
		for i, q := range a.Quotes {
			speakers[q.Speaker] = true
			if q.ByteStart == nil || q.ByteEnd == nil {
				t.Errorf("%s quote %d: no byte offsets", a.ID, i)
				continue
			}
			bs, be := *q.ByteStart, *q.ByteEnd
			if bs < 0 || be > len(a.Text) || bs >= be || a.Text[bs:be] != q.Text {
				t.Errorf("%s quote %d: bytes [%d,%d) do not slice to %q", a.ID, i, bs, be, q.Text)
				continue
			}
			if !utf8.ValidString(a.Text[bs:be]) {
				t.Errorf("%s quote %d: byte offsets split a character", a.ID, i)
			}
			if q.End > len(runes) || string(runes[q.Start:q.End]) != q.Text {
				t.Errorf("%s quote %d: code points [%d,%d) do not slice to %q", a.ID, i, q.Start, q.End, q.Text)
			}
			if q.Start != utf8.RuneCountInString(a.Text[:bs]) || q.End != utf8.RuneCountInString(a.Text[:be]) {
				t.Errorf("%s quote %d: code point and byte offsets disagree", a.ID, i)
			}
			if !q.Kind.Valid() {
				t.Errorf("%s quote %d: kind %q", a.ID, i, q.Kind)
			}
			if strings.TrimSpace(q.Speaker) == "" {
				t.Errorf("%s quote %d: no speaker", a.ID, i)
			}
		}
		if len(speakers) < 2 {
			t.Errorf("%s: %d speakers, want several", a.ID, len(speakers))
		}
	}
}

// TestChallengeSet scores the offline extractor on the challenge set and
// holds the floors.
func TestChallengeSet(t *testing.T) {
	scoreAgainstFloors(t, challengeSet(t), challengeFloorF1, challengeFloorSpeaker)
}

// scoreAgainstFloors scores the offline extractor on gold at covers 0.3
// and 0.8 and fails below the floors.
func scoreAgainstFloors(t *testing.T, gold []evaluate.GoldArticle, floorF1, floorSpeaker map[float64]float64) {
	t.Helper()
	for _, cover := range []float64{0.3, 0.8} {
		rep, err := evaluate.Score(context.Background(), New(DefaultConfig()), gold, evaluate.Options{Cover: cover})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("cover %.1f: P %.4f R %.4f F1 %.4f speaker %.4f (gold %d, predicted %d, matched %d)",
			cover, rep.Precision, rep.Recall, rep.F1, rep.SpeakerAccuracy, rep.Gold, rep.Predicted, rep.Matched)
		for _, k := range []article.Kind{article.KindDirect, article.KindPartial, article.KindIndirect} {
			if c := rep.ByKind[k]; c != nil {
				t.Logf("  %-8s P %.4f R %.4f F1 %.4f (gold %d, predicted %d)", k, c.Precision, c.Recall, c.F1, c.Gold, c.Predicted)
			}
		}
		if rep.F1 < floorF1[cover] {
			t.Errorf("cover %.1f: F1 %.4f below the floor %.4f", cover, rep.F1, floorF1[cover])
		}
		if rep.SpeakerAccuracy < floorSpeaker[cover] {
			t.Errorf("cover %.1f: speaker accuracy %.4f below the floor %.4f", cover, rep.SpeakerAccuracy, floorSpeaker[cover])
		}
	}
}

// TestChallengeMarkup checks the annotated source parser on small invented
// articles: offsets in bytes and code points with multi-byte text, shared
// mentions and cues, nesting, and the errors an author can make.
func TestChallengeMarkup(t *testing.T) {
	src := "id: x1\npatterns: curly-double\n---\n{{1 «Ça va,»}} <<1,2 Émile>> ((1,2 said)). {{2 “Non.”}}\n\n{{3 The plan, ((3 according to)) <<3 Zoë>>, works}}.\n---\n1 direct Émile Roy\n2 direct Émile Roy\n3 indirect Zoë Lind\n"
	a, err := markup.Parse("x1.txt", src)
	if err != nil {
		t.Fatal(err)
	}
	if want := "«Ça va,» Émile said. “Non.”\n\nThe plan, according to Zoë, works."; a.Text != want {
		t.Fatalf("text = %q, want %q", a.Text, want)
	}
	if len(a.Quotes) != 3 {
		t.Fatalf("%d quotes, want 3", len(a.Quotes))
	}
	q := a.Quotes[1]
	if q.Text != "“Non.”" || a.Text[q.ByteStart:q.ByteEnd] != q.Text || string([]rune(a.Text)[q.Start:q.End]) != q.Text {
		t.Errorf("second quote %+v does not slice to its text", q)
	}
	if q.SpeakerMention == nil || q.SpeakerMention.Text != "Émile" || q.Cue == nil || q.Cue.Text != "said" {
		t.Errorf("second quote mention/cue = %+v / %+v, want the shared Émile / said", q.SpeakerMention, q.Cue)
	}
	if r := a.Quotes[2]; r.Text != "The plan, according to Zoë, works" || r.Cue.Text != "according to" || r.SpeakerMention.Text != "Zoë" {
		t.Errorf("nested quote = %+v", r)
	}
	bad := map[string]string{
		"unclosed span":        "id: b\n---\n{{1 open\n---\n1 direct A\n",
		"span without speaker": "id: b\n---\n{{1 “x”}}\n---\n",
		"speaker without span": "id: b\n---\n{{1 “x”}}\n---\n1 direct A\n2 direct B\n",
		"unknown kind":         "id: b\n---\n{{1 “x”}}\n---\n1 quoted A\n",
		"cue for no quote":     "id: b\n---\n{{1 “x”}} ((2 said))\n---\n1 direct A\n",
		"no id":                "patterns: x\n---\n{{1 “x”}}\n---\n1 direct A\n",
		"two mentions":         "id: b\n---\n<<1 A>> {{1 “x”}} <<1 he>>\n---\n1 direct A\n",
	}
	for name, src := range bad {
		if _, err := markup.Parse(name, src); err == nil {
			t.Errorf("%s: parsed without error", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}
