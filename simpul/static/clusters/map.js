// The IKM map: businesses (clustered with Leaflet.markercluster), sentra and kawasan,
// read from the JSON endpoints named in the element's data- attributes. Tiles come
// from SIMPUL_TILE_URL when set; without it (closed network) the points still show.
// Popups are built with textContent, never innerHTML, so record names cannot inject markup.
(function () {
  "use strict";
  var element = document.getElementById("peta");
  if (!element || typeof L === "undefined") { return; }
  var labelsNode = document.getElementById("map-labels");
  var t = labelsNode ? JSON.parse(labelsNode.textContent) : {};
  var status = document.querySelector("[data-map-status]");
  var canPick = element.dataset.pickDesa === "1";
  var query = element.dataset.query ? "?" + element.dataset.query : "";
  var center = (element.dataset.center || "-6.9,112.05").split(",").map(Number);

  // markercluster needs a maxZoom on the map itself when there is no tile layer to give one.
  var map = L.map(element, { preferCanvas: true, maxZoom: 18 }).setView(center, 11);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, { maxZoom: 19 }).addTo(map);
  }
  var usahaLayer = typeof L.markerClusterGroup === "function"
    ? L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 50 })
    : L.layerGroup();
  var sentraLayer = L.layerGroup();
  var kawasanLayer = L.layerGroup();
  kawasanLayer.addTo(map);
  usahaLayer.addTo(map);
  sentraLayer.addTo(map);
  var overlays = {};
  overlays[t.usaha || "Usaha"] = usahaLayer;
  overlays[t.sentra || "Sentra"] = sentraLayer;
  overlays[t.kawasan || "Kawasan"] = kawasanLayer;
  L.control.layers(null, overlays, { collapsed: false }).addTo(map);

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function popup(title, url, rows, desaCode) {
    var box = el("div", null, "map-popup");
    var heading = el("div", null, "fw-semibold mb-1");
    var link = el("a", title);
    link.href = url;
    heading.appendChild(link);
    box.appendChild(heading);
    var list = el("dl");
    rows.forEach(function (row) {
      if (row[1] === "" || row[1] === null || row[1] === undefined) { return; }
      list.appendChild(el("dt", row[0] + ": "));
      list.appendChild(el("dd", row[1]));
    });
    box.appendChild(list);
    if (canPick && desaCode) {
      var pick = el("button", t.pick_desa || "Pilih desa", "btn btn-sm btn-outline-primary mt-2");
      pick.type = "button";
      pick.dataset.desa = desaCode;
      pick.addEventListener("click", function () {
        document.dispatchEvent(new CustomEvent("simpul:pick-desa", { detail: { code: desaCode } }));
      });
      box.appendChild(pick);
    }
    return box;
  }

  function load(url) {
    return fetch(url + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      });
  }

  function addUsaha(items) {
    var markers = items.map(function (u) {
      var marker = L.circleMarker([u.lat, u.lng], {
        radius: 6, color: "#ffffff", weight: 1, fillColor: "#0b5563", fillOpacity: 0.9
      });
      marker.bindPopup(function () {
        return popup(u.name, u.url, [
          [t.desa, u.desa_name], [t.kecamatan, u.kecamatan], [t.kbli, u.kbli], [t.group, u.group], [t.status, u.status]
        ], u.desa);
      });
      return marker;
    });
    if (usahaLayer.addLayers) { usahaLayer.addLayers(markers); } else { markers.forEach(function (m) { usahaLayer.addLayer(m); }); }
    return markers.map(function (m) { return m.getLatLng(); });
  }

  function addSentra(items) {
    return items.map(function (s) {
      var icon = L.divIcon({
        className: "sentra-icon" + (s.rule_met ? "" : " rule-not-met"),
        html: String(Number(s.active) || 0),
        iconSize: [24, 24]
      });
      var marker = L.marker([s.lat, s.lng], { icon: icon, title: s.name, zIndexOffset: 1000 });
      marker.bindPopup(function () {
        return popup(s.name, s.url, [
          [t.desa, s.desa_name], [t.kecamatan, s.kecamatan], [t.kbli, s.kbli], [t.group, s.group],
          [t.members, s.members + " (" + s.active + " " + t.active + ")"],
          [t.status, s.rule_met ? t.rule_met : t.rule_not_met]
        ], s.desa);
      });
      sentraLayer.addLayer(marker);
      if (s.outline) {
        L.geoJSON(s.outline, { style: { color: "#8e44ad", weight: 2, fillOpacity: 0.1 } }).addTo(sentraLayer);
      }
      return marker.getLatLng();
    });
  }

  function addKawasan(items) {
    return items.map(function (k) {
      var circle = L.circle([k.lat, k.lng], {
        radius: k.radius, color: "#d35400", weight: 2, dashArray: "6 4", fillOpacity: 0.08
      });
      circle.bindPopup(function () {
        return popup(k.name, k.url, [
          [t.theme, k.theme], [t.desa_count, k.desa.length], [t.sentra_count, k.sentra]
        ], null);
      });
      kawasanLayer.addLayer(circle);
      return circle.getLatLng();
    });
  }

  Promise.all([
    load(element.dataset.usahaUrl), load(element.dataset.sentraUrl), load(element.dataset.kawasanUrl)
  ]).then(function (results) {
    var points = [].concat(
      addKawasan(results[2].kawasan), addUsaha(results[0].usaha), addSentra(results[1].sentra)
    );
    if (points.length) { map.fitBounds(L.latLngBounds(points).pad(0.1), { maxZoom: 15 }); }
    if (status) {
      status.textContent = (t.loaded || "{usaha} {sentra} {kawasan}")
        .replace("{usaha}", results[0].count).replace("{sentra}", results[1].count).replace("{kawasan}", results[2].count);
    }
    element.dataset.loaded = "1";
  }).catch(function () {
    if (status) { status.textContent = t.failed || "Error"; }
    element.dataset.loaded = "error";
  });
})();
