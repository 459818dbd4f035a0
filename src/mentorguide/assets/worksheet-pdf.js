/* Fill a worksheet's blank PDF with the reader's answers, and read answers back from a saved
 * one; with pdf-lib (window.PDFLib), which worksheet.js loads first, only when needed.
 *
 * This is mentorguide/worksheets/fill.py in the browser, step for step (keep them in step):
 * values go in /V (and /AS for check boxes and radio buttons, ISO 32000-1 §12.7.4), and each
 * filled text field gets an appearance stream (§12.7.3.3) set in the field's own embedded
 * font, so the PDF prints the same in every viewer and printer, Poppler and Ghostscript too.
 * pdf-lib's own appearance generator is not used: it would substitute Helvetica, which is not
 * embedded (PDF/UA needs embedded fonts) and cannot set text outside Windows-1252.
 *
 * A field whose answer has a character the field font lacks is set in a subset of DejaVu
 * Sans that pdf-lib cuts with fontkit (both fetched then, never on the page's first load);
 * characters no font here can draw, or that need shaping or right-to-left layout, stop the
 * export before any PDF is made, named (pdf/fallback.py: keep COMPLEX in step). */
(function () {
  "use strict";

  var INFO_KEY = "MentorguideWorksheet";
  var PADDING = 2;     // points between the box's edge and the text
  var LEADING = 1.15;  // line height, as a multiple of the font size
  var MIN_SIZE = 6;    // never shrink text below this to make it fit
  var FILL_RESOURCE = "MgFill";  // the fill-time font's name in appearance streams
  // Scripts that need shaping or right-to-left layout, which appearance streams do not do.
  var COMPLEX = /[\u0590-\u08FF\u0900-\u0DFF\u0E00-\u0FFF\u1000-\u109F\u1780-\u18AF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

  /* The messages this script throws come from the page, in its language (worksheet.js passes
   * {noLibrary, damaged, noFields} from the page's interface strings). */
  function lib(messages) {
    if (!window.PDFLib) throw new Error(messages.noLibrary);
    return window.PDFLib;
  }

  function latin1(bytes) {
    var text = "";
    for (var i = 0; i < bytes.length; i += 8192) {
      text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
    }
    return text;
  }

  function hexText(hex) {
    var text = "";
    for (var i = 0; i + 3 < hex.length; i += 4) text += String.fromCharCode(parseInt(hex.substr(i, 4), 16));
    return text;
  }

  /* Unicode character → glyph id, from a ToUnicode CMap (bfchar and bfrange entries). */
  function parseToUnicode(cmap) {
    var glyphs = {}, block, pair;
    var chars = /beginbfchar([\s\S]*?)endbfchar/g, ranges = /beginbfrange([\s\S]*?)endbfrange/g;
    while ((block = chars.exec(cmap))) {
      var pairs = /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g;
      while ((pair = pairs.exec(block[1]))) {
        var text = hexText(pair[2]);
        if (text.length === 1 && !(text in glyphs)) glyphs[text] = parseInt(pair[1], 16);
      }
    }
    while ((block = ranges.exec(cmap))) {
      var triples = /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g;
      while ((pair = triples.exec(block[1]))) {
        var first = parseInt(pair[3], 16);
        for (var code = parseInt(pair[1], 16), n = 0; code <= parseInt(pair[2], 16); code++, n++) {
          var ch = String.fromCharCode(first + n);
          if (!(ch in glyphs)) glyphs[ch] = code;
        }
      }
    }
    return glyphs;
  }

  /* Glyph id → width, from a CIDFont /W array (`c [w1 w2 …]` and `c1 c2 w` forms). */
  function parseWidths(L, array) {
    var widths = {}, items = array.asArray(), i = 0;
    function number(x) { return x instanceof L.PDFNumber ? x.asNumber() : Number(x); }
    while (i < items.length) {
      var first = number(items[i]), next = items[i + 1];
      if (next instanceof L.PDFArray) {
        next.asArray().forEach(function (w, n) { widths[first + n] = number(w); });
        i += 2;
      } else {
        for (var code = first; code <= number(next); code++) widths[code] = number(items[i + 2]);
        i += 3;
      }
    }
    return widths;
  }

  function loadFont(L, doc, resource, ref) {
    var context = doc.context, name = L.PDFName.of;
    var font = context.lookup(ref, L.PDFDict);
    var result = {resource: resource, ref: ref, glyphs: {}, widths: {}, defaultWidth: 1000,
      ascent: 800, descent: -200};
    var toUnicode = font.lookup(name("ToUnicode"));
    if (toUnicode) result.glyphs = parseToUnicode(latin1(L.decodePDFRawStream(toUnicode).decode()));
    var descendants = font.lookup(name("DescendantFonts"));
    var cid = descendants ? descendants.lookup(0, L.PDFDict) : font;
    var w = cid.lookup(name("W"));
    if (w) result.widths = parseWidths(L, w);
    var dw = cid.lookup(name("DW"));
    if (dw) result.defaultWidth = dw.asNumber();
    var descriptor = cid.lookup(name("FontDescriptor"));
    if (descriptor) {
      var ascent = descriptor.lookup(name("Ascent")), descent = descriptor.lookup(name("Descent"));
      if (ascent) result.ascent = ascent.asNumber();
      if (descent) result.descent = descent.asNumber();
    }
    result.has = function (ch) { return ch in result.glyphs; };
    result.width = function (text, size) {
      var total = 0;
      for (var i = 0; i < text.length; i++) {
        var g = glyph(result, text[i]);
        total += g in result.widths ? result.widths[g] : result.defaultWidth;
      }
      return total * size / 1000;
    };
    result.encode = function (text) {
      var hex = "";
      for (var i = 0; i < text.length; i++) hex += ("000" + glyph(result, text[i]).toString(16)).slice(-4);
      return hex;
    };
    return result;
  }

  /* A font pdf-lib embedded (the fill-time subset), seen like a field font. */
  function embeddedFont(font) {
    var face = font.embedder.font, scale = 1000 / face.unitsPerEm;
    var characters = {};
    font.getCharacterSet().forEach(function (code) { characters[code] = true; });
    return {resource: FILL_RESOURCE, ref: font.ref, ascent: face.ascent * scale,
      descent: face.descent * scale,
      has: function (ch) { return characters[ch.codePointAt(0)] === true; },
      width: function (text, size) { return font.widthOfTextAtSize(text, size); },
      // Only for the lines drawn: each call adds its glyphs to the subset.
      encode: function (text) { return font.encodeText(text).toString().slice(1, -1); }};
  }

  /* fill() checks that a field font has every character before using it; should one slip
   * through it prints as '?', never as an invisible box. */
  function glyph(font, ch) {
    if (ch in font.glyphs) return font.glyphs[ch];
    return "?" in font.glyphs ? font.glyphs["?"] : 0;
  }

  function width(font, text, size) { return font.width(text, size); }

  /* The characters of text (once each, in order) the font lacks or cannot lay out. */
  function missing(text, font) {
    var seen = {}, found = [];
    Array.from(text).forEach(function (ch) {
      if (/\s/.test(ch) || seen[ch]) return;
      seen[ch] = true;
      if (COMPLEX.test(ch) || !font.has(ch)) found.push(ch);
    });
    return found;
  }

  function parseDA(da) {
    var font = /\/([^\s/]+)\s+([\d.]+)\s+Tf/.exec(da);
    var color = /((?:[\d.]+\s+){1,4})(g|rg|k)\b/.exec(da);
    return {font: font ? font[1] : "", size: font ? parseFloat(font[2]) : 11,
      color: color ? color[1].trim() + " " + color[2] : "0 g"};
  }

  /* Greedy word wrap; a word wider than the box is broken between characters. */
  function wrap(text, font, size, available) {
    var lines = [];
    text.replace(/\r\n?/g, "\n").split("\n").forEach(function (paragraph) {
      var line = "";
      paragraph.split(" ").forEach(function (word) {
        var candidate = line ? line + " " + word : word;
        if (width(font, candidate, size) <= available) { line = candidate; return; }
        if (line) lines.push(line);
        line = "";
        for (var i = 0; i < word.length; i++) {
          if (line && width(font, line + word[i], size) > available) { lines.push(line); line = ""; }
          line += word[i];
        }
      });
      lines.push(line);
    });
    return lines;
  }

  function num(value) {
    var text = value.toFixed(2).replace(/\.?0+$/, "");
    return text === "" || text === "-0" ? "0" : text;
  }

  function appearance(text, font, da, w, h, multiline) {
    var innerWidth = Math.max(w - 2 * PADDING - 2, 1), innerHeight = Math.max(h - 2 * PADDING, 1);
    var size = da.size, lines, top, fits;
    if (multiline) {
      lines = wrap(text, font, size, innerWidth);
      while (size > MIN_SIZE && lines.length * size * LEADING > innerHeight) {
        size = Math.max(MIN_SIZE, size - 0.5);
        lines = wrap(text, font, size, innerWidth);
      }
      top = h - PADDING - font.ascent * size / 1000;
      // The last line's descent may touch the padding; a whole further line may not.
      fits = (lines.length - 1) * size * LEADING + size <= innerHeight + 0.01;
    } else {
      lines = [text.split(/\s+/).filter(Boolean).join(" ")];
      var natural = width(font, lines[0], size);
      if (natural > innerWidth) size = Math.max(MIN_SIZE, size * innerWidth / natural);
      top = (h - (font.ascent - font.descent) * size / 1000) / 2 - font.descent * size / 1000;
      fits = width(font, lines[0], size) <= innerWidth + 0.01;
    }
    var ops = ["/Tx BMC", "q",
      num(PADDING) + " " + num(PADDING) + " " + num(w - 2 * PADDING) + " " + num(innerHeight) + " re W n",
      "BT", da.color, "/" + font.resource + " " + num(size) + " Tf",
      num(PADDING + 1) + " " + num(top) + " Td"];
    lines.forEach(function (line, index) {
      if (index) ops.push("0 " + num(-size * LEADING) + " Td");
      ops.push("<" + font.encode(line) + "> Tj");
    });
    ops.push("ET", "Q", "EMC");
    return {stream: ops.join("\n") + "\n", fits: fits};
  }

  /* Width and height of a widget's /Rect; WeasyPrint writes its corners top-left first, so
   * pdf-lib's getRectangle() would give a negative height (ISO 32000-1 §7.9.5 allows any
   * two opposite corners). */
  function rectangle(L, widget) {
    var r = widget.dict.lookup(L.PDFName.of("Rect"), L.PDFArray).asArray().map(function (n) {
      return n.asNumber();
    });
    return {width: Math.abs(r[2] - r[0]), height: Math.abs(r[3] - r[1])};
  }

  /* Gives each widget its appearance; whether all of the text shows. */
  function draw(L, doc, field, text, font, da, multiline) {
    var acro = field.acroField, fits = true;
    acro.getWidgets().forEach(function (widget) {
      var rect = rectangle(L, widget);
      var made = appearance(text, font, da, rect.width, rect.height, multiline);
      fits = fits && made.fits;
      var stream = doc.context.flateStream(made.stream, {
          Type: "XObject", Subtype: "Form", BBox: [0, 0, rect.width, rect.height],
          Resources: {Font: (function () { var f = {}; f[font.resource] = font.ref; return f; })()}
        });
      widget.setNormalAppearance(doc.context.register(stream));
    });
    return fits;
  }

  function fieldsByName(form) {
    var map = {};
    form.getFields().forEach(function (field) { map[field.getName()] = field; });
    return map;
  }

  function tooltip(L, field) {
    var tu = field.acroField.dict.lookup(L.PDFName.of("TU"));
    return tu && tu.decodeText ? tu.decodeText() : field.getName();
  }

  /* The error fill() rejects with when answers have characters no font here can draw:
   * .undrawable lists {name, label, chars} (worksheet.js words it in the page's language). */
  function undrawable(list) {
    var error = new Error(list.map(function (f) { return f.label + ": " + f.chars.join(" "); }).join("; "));
    error.undrawable = list;
    return error;
  }

  /* The blank PDF's bytes + answers (name → text, option id or true) → {bytes: the filled
   * PDF, cut: [{name, label}] of fields too long to print whole (the field holds all of it)}.
   * extras.fallback() gives {fontkit, font: bytes} for the fill-time font, when needed. */
  function fill(bytes, answers, messages, extras) {
    var L = lib(messages);
    return L.PDFDocument.load(bytes, {updateMetadata: false}).then(function (doc) {
      var form = doc.getForm();
      var fields = fieldsByName(form);
      var acroForm = doc.catalog.lookup(L.PDFName.of("AcroForm"), L.PDFDict);
      var resources = acroForm.lookup(L.PDFName.of("DR"), L.PDFDict)
        .lookup(L.PDFName.of("Font"), L.PDFDict);
      var loaded = {};
      function fonts(resource) {
        if (!loaded[resource]) {
          loaded[resource] = loadFont(L, doc, resource, resources.get(L.PDFName.of(resource)));
        }
        return loaded[resource];
      }
      // What each text field shows and whether its font can draw it, all before drawing.
      var drawn = [], lacking = [];
      Object.keys(answers).forEach(function (name) {
        var field = fields[name], value = answers[name];
        if (!field) return;
        if (field instanceof L.PDFCheckBox) {
          if (value === true) field.check(); else field.uncheck();
        } else if (field instanceof L.PDFRadioGroup) {
          if (value) field.select(String(value)); else field.clear();
        } else if (field instanceof L.PDFTextField || field instanceof L.PDFDropdown) {
          var text = String(value);
          field.acroField.dict.set(L.PDFName.of("V"), L.PDFHexString.fromText(text));
          var shown = text;
          if (field instanceof L.PDFDropdown) {
            field.acroField.getOptions().forEach(function (option) {
              if (option.value.decodeText() === text && option.display) shown = option.display.decodeText();
            });
          }
          shown = shown.normalize("NFC").replace(/\t/g, " ");
          if (!shown) return;
          var da = parseDA(field.acroField.getDefaultAppearance() || "");
          var item = {field: field, shown: shown, da: da, font: fonts(da.font),
            multiline: field instanceof L.PDFTextField && field.isMultiline()};
          item.lacks = missing(shown, item.font);
          if (item.lacks.length) lacking.push(item);
          drawn.push(item);
        }
      });
      function refusals(font) {
        return lacking.map(function (item) {
          var chars = font ? missing(item.lacks.join(""), font)
            : item.lacks.filter(function (ch) { return COMPLEX.test(ch); });
          return {name: item.field.getName(), label: tooltip(L, item.field), chars: chars};
        }).filter(function (f) { return f.chars.length; });
      }
      var fallback = Promise.resolve(null);
      if (lacking.length) {
        // Characters no face can lay out are refused without fetching 1.5 MB for nothing.
        if (lacking.every(function (item) { return item.lacks.every(function (ch) { return COMPLEX.test(ch); }); })) {
          throw undrawable(refusals(null));
        }
        fallback = extras.fallback().then(function (parts) {
          doc.registerFontkit(parts.fontkit);
          return doc.embedFont(parts.font, {subset: true});
        }).then(function (font) {
          var face = embeddedFont(font), refused = refusals(face);
          if (refused.length) throw undrawable(refused);
          return face;
        });
      }
      return fallback.then(function (face) {
        var cut = [];
        drawn.forEach(function (item) {
          if (!draw(L, doc, item.field, item.shown, item.lacks.length ? face : item.font, item.da,
            item.multiline)) cut.push({name: item.field.getName(), label: tooltip(L, item.field)});
        });
        // Every filled field has its appearance now; empty ones need none (§12.7.2).
        acroForm.set(L.PDFName.of("NeedAppearances"), L.PDFBool.False);
        return doc.save({updateFieldAppearances: false}).then(function (saved) {
          return {bytes: saved, cut: cut};
        });
      });
    });
  }

  /* A saved PDF → {worksheet: slug or null, answers: name → value}. Throws on a file that is
   * not a PDF or has no form. */
  function read(bytes, messages) {
    var L = lib(messages);
    function damaged() { return new Error(messages.damaged); }
    return L.PDFDocument.load(bytes, {updateMetadata: false}).then(function (doc) {
      try { return readDocument(L, doc, messages); }
      catch (error) { throw error.mine ? error : damaged(); }
    }, function () { throw damaged(); });
  }

  function readDocument(L, doc, messages) {
    var slug = null, title = (doc.getTitle() || "").split(" — ")[0];
    var infoRef = doc.context.trailerInfo.Info;
    var info = infoRef ? doc.context.lookup(infoRef) : null;
    if (info instanceof L.PDFDict) {
      var value = info.lookup(L.PDFName.of(INFO_KEY));
      if (value && value.decodeText) slug = value.decodeText();
    }
    var answers = {};
    var fields = doc.getForm().getFields();
    if (!fields.length) {
      var none = new Error(messages.noFields);
      none.mine = true;
      throw none;
    }
    fields.forEach(function (field) {
      var name = field.getName();
      if (field instanceof L.PDFCheckBox) answers[name] = field.isChecked();
      else if (field instanceof L.PDFRadioGroup) answers[name] = field.getSelected() || "";
      else if (field instanceof L.PDFTextField) answers[name] = field.getText() || "";
      else if (field instanceof L.PDFDropdown) {
        var v = field.acroField.dict.lookup(L.PDFName.of("V"));
        answers[name] = v && v.decodeText ? v.decodeText() : "";
      }
    });
    return {worksheet: slug, title: title, answers: answers};
  }

  window.MentorguidePdf = {fill: fill, read: read};
})();
