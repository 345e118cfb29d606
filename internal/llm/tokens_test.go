package llm

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/pkoukk/tiktoken-go"
	tiktoken_loader "github.com/pkoukk/tiktoken-go-loader"

	"github.com/whosaid/whosaid/internal/evaltest"
)

// Sentences written for this test: the same short news item in six
// languages, and English news copy.
var sampleTexts = map[string]string{
	"fr": "Le maire a déclaré jeudi que la réouverture du pont était prévue pour l'été prochain. « Nous avons trouvé des fissures plus profondes que prévu », a-t-elle expliqué aux journalistes réunis devant l'hôtel de ville. Les commerçants du quartier s'inquiètent déjà de la baisse de fréquentation.",
	"de": "Die Bürgermeisterin sagte am Donnerstag, die Brücke werde voraussichtlich im nächsten Sommer wieder geöffnet. „Wir haben tiefere Risse gefunden als erwartet“, erklärte sie vor dem Rathaus. Die Geschäftsleute im Viertel befürchten schon jetzt einen Rückgang der Kundschaft.",
	"ru": "Мэр города заявила в четверг, что мост планируют открыть следующим летом. «Мы обнаружили трещины глубже, чем ожидали», — сказала она журналистам у здания мэрии. Владельцы магазинов в районе уже опасаются снижения числа покупателей.",
	"zh": "市长周四表示，这座桥预计将于明年夏天重新开放。她在市政厅外对记者说：“我们发现的裂缝比预期的更深。”附近的商户已经开始担心客流量会下降。",
	"ja": "市長は木曜日、橋の再開は来年の夏になる見通しだと述べた。「予想よりも深いひび割れが見つかった」と市庁舎の前で記者団に語った。周辺の商店主たちは客足の減少をすでに心配している。",
	"ar": "قالت رئيسة البلدية يوم الخميس إن الجسر من المتوقع أن يعاد فتحه في الصيف المقبل. وقالت للصحفيين أمام مبنى البلدية: \"وجدنا شقوقا أعمق مما كان متوقعا\". ويخشى أصحاب المتاجر في الحي من تراجع عدد الزبائن.",
	"en": "Harbour Master Ines Varga inspected the pier on Tuesday, 14 March 2026, after the storm.\n\n“The storm took half the railings,” she said. “We will rebuild them by May, and the ferry to Port Alder will run again in the spring.”\n\nThe council's treasurer, Tomasz Brennan-Okafor, told reporters that the $2,450,000 repair would be paid from the reserve fund. According to him, the insurers haven't yet said whether they'd cover the cost; he said they're expected to decide within 30 days.\n\nResidents were less patient. “I've fished off that pier for forty-three years,” said Maud Ellery, 71. “Nobody asked us anything.”",
}

// exactCounts counts tokens with tiktoken's tables (test-only: the binary
// never links them).
func exactCounts(t *testing.T) map[string]*tiktoken.Tiktoken {
	t.Helper()
	tiktoken.SetBpeLoader(tiktoken_loader.NewOfflineLoader())
	out := map[string]*tiktoken.Tiktoken{}
	for _, model := range []string{"gpt-4o-mini", "gpt-4"} {
		enc, err := tiktoken.EncodingForModel(model)
		if err != nil {
			t.Fatal(err)
		}
		out[model] = enc
	}
	return out
}

// TestEstimateErrorBound is the error bound of the estimate: per text,
// within 10% of tiktoken's exact count for English (news copy, this
// repository's README, and every article of the internal dev set when it
// is present) and within 25% for other languages, for the encodings of
// current models (o200k_base) and GPT-4 (cl100k_base). A chunk budget of
// 6,000 tokens therefore holds 5,400–6,600 real tokens of English, far
// inside any model's context; the API reports the exact usage.
func TestEstimateErrorBound(t *testing.T) {
	english := map[string]string{"sample": sampleTexts["en"]}
	if b, err := os.ReadFile(filepath.Join("..", "..", "README.md")); err == nil {
		english["README"] = string(b)
	} else {
		t.Fatal(err)
	}
	english = withDevArticles(t, english)
	for model, enc := range exactCounts(t) {
		tok, err := NewTokenizer(model)
		if err != nil {
			t.Fatal(err)
		}
		check := func(name, text string, bound float64) float64 {
			exact := len(enc.Encode(text, nil, nil))
			est := tok.Count(text)
			rel := float64(est-exact) / float64(exact)
			if math.Abs(rel) > bound {
				t.Errorf("%s %s: estimate %d, exact %d (%+.1f%%, bound ±%.0f%%)", model, name, est, exact, 100*rel, 100*bound)
			}
			return rel
		}
		worstEN, worstOther := 0.0, 0.0
		for name, text := range english {
			if rel := check(name, text, 0.10); math.Abs(rel) > math.Abs(worstEN) {
				worstEN = rel
			}
		}
		for lang, text := range sampleTexts {
			if lang == "en" {
				continue
			}
			if rel := check(lang, text, 0.25); math.Abs(rel) > math.Abs(worstOther) {
				worstOther = rel
			}
		}
		t.Logf("%s: worst error %+.1f%% over %d English texts, %+.1f%% over 5 other languages", model, 100*worstEN, len(english), 100*worstOther)
	}
}

// withDevArticles adds the internal dev set's articles when present (read
// at test time, never copied into the repository).
func withDevArticles(t *testing.T, texts map[string]string) map[string]string {
	t.Run("dev set present", func(t *testing.T) {
		f, err := os.Open(evaltest.File(t, "ggt-dev.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var d struct{ ID, Text string }
			if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
				t.Fatal(err)
			}
			texts["dev "+d.ID] = d.Text
		}
	})
	return texts
}

func TestTokenizerIsFreeToBuild(t *testing.T) {
	// No tables: building one allocates the estimator and nothing else.
	if a := testing.AllocsPerRun(10, func() { _, _ = NewTokenizer("gpt-4o-mini") }); a > 1 {
		t.Errorf("NewTokenizer allocates %v times", a)
	}
	tok, _ := NewTokenizer("gpt-4o-mini")
	for s, want := range map[string]int{"": 0, "said": 1, " said": 1, "2026": 2, "\n\n": 1} {
		if got := tok.Count(s); got != want {
			t.Errorf("Count(%q) = %d, want %d", s, got, want)
		}
	}
	if got := tok.CountMessages("said", "said"); got != perReply+2*(perMessage+1) {
		t.Errorf("CountMessages = %d", got)
	}
}
