package analytics

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
	"gopkg.in/yaml.v3"
)

// hiveType is the Glue (Hive) type Athena reads a Parquet field as.
func hiveType(t *testing.T, f parquet.Field) string {
	t.Helper()
	var lv any
	if lt := f.Type().LogicalType(); lt != nil {
		lv = lt.Value
	}
	switch v := lv.(type) {
	case *format.ListType:
		// LIST: group { repeated group list { element } }
		list := f.Fields()
		if len(list) != 1 || len(list[0].Fields()) != 1 {
			t.Fatalf("%s: not a three-level list", f.Name())
		}
		return "array<" + hiveType(t, list[0].Fields()[0]) + ">"
	case *format.StringType:
		return "string"
	case *format.TimestampType:
		return "timestamp"
	case *format.IntType:
		if v.BitWidth == 32 {
			return "int"
		}
		return "bigint"
	}
	switch f.Type().Kind() {
	case parquet.Double:
		return "double"
	case parquet.Boolean:
		return "boolean"
	}
	t.Fatalf("%s: no Hive type for %v", f.Name(), f.Type())
	return ""
}

// node returns the value under a path of mapping keys.
func node(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
			}
		}
		n = next
	}
	return n
}

// TestGlueTableMatchesParquetSchema: the Glue table in template.yaml
// declares the Parquet file's columns, in order, with the types Athena
// reads them as, over the exporter's location, partitioned by dt.
func TestGlueTableMatchesParquetSchema(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	table := node(doc.Content[0], "Resources", "QuotesTable")
	if ty := node(table, "Type"); ty == nil || ty.Value != "AWS::Glue::Table" {
		t.Fatal("template.yaml has no Glue table QuotesTable")
	}
	input := node(table, "Properties", "TableInput")
	cols := node(input, "StorageDescriptor", "Columns")
	if cols == nil || cols.Kind != yaml.SequenceNode {
		t.Fatal("QuotesTable declares no columns")
	}
	fields := Schema().Fields()
	if len(cols.Content) != len(fields) {
		t.Errorf("Glue table has %d columns, the Parquet schema %d", len(cols.Content), len(fields))
	}
	for i := 0; i < min(len(fields), len(cols.Content)); i++ {
		name, typ := node(cols.Content[i], "Name"), node(cols.Content[i], "Type")
		if name == nil || typ == nil {
			t.Fatalf("column %d lacks a name or type", i)
		}
		if want := fields[i].Name(); name.Value != want {
			t.Errorf("column %d: Glue %q, Parquet %q", i, name.Value, want)
		}
		if want := hiveType(t, fields[i]); typ.Value != want {
			t.Errorf("column %s: Glue type %q, Parquet reads as %q", name.Value, typ.Value, want)
		}
	}
	parts := node(input, "PartitionKeys")
	if parts == nil || len(parts.Content) != 1 || node(parts.Content[0], "Name").Value != "dt" || node(parts.Content[0], "Type").Value != "string" {
		t.Error("the table is not partitioned by dt (string) alone")
	}
	params := node(input, "Parameters")
	for key, want := range map[string]string{"projection.enabled": "true", "projection.dt.type": "date", "projection.dt.format": "yyyy-MM-dd", "classification": "parquet"} {
		if v := node(params, key); v == nil || v.Value != want {
			t.Errorf("table parameter %s: want %q", key, want)
		}
	}
	// The exporter writes Prefix + "dt=YYYY-MM-DD/": the location and the
	// projection's template must name the same place.
	tmpl := node(params, "storage.location.template")
	loc := node(input, "StorageDescriptor", "Location")
	if tmpl == nil || !strings.HasSuffix(tmpl.Value, "/"+Prefix+"dt=${!dt}/") {
		t.Errorf("storage.location.template %v does not end in %sdt=${!dt}/", tmpl, Prefix)
	}
	if loc == nil || !strings.HasSuffix(loc.Value, "/"+Prefix) {
		t.Errorf("location %v does not end in %s", loc, Prefix)
	}
	if !strings.HasPrefix(DataKey("2026-01-02", "t", "s", "i"), Prefix+"dt=2026-01-02/") {
		t.Error("DataKey does not follow the partition layout")
	}
	if wg := node(doc.Content[0], "Resources", "AnalyticsWorkGroup", "Properties", "WorkGroupConfiguration", "ResultConfiguration", "OutputLocation"); wg == nil {
		t.Error("the Athena workgroup has no results location of its own")
	}
}
