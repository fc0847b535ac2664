// Public catalog behaviours; no inline scripts (the CSP forbids them).
// A map of a business, sentra or kawasan: Leaflet (from the XStatic package) when the page loads it.
(function () {
  var element = document.getElementById("peta");
  if (!element || typeof L === "undefined") { return; }
  var lat = parseFloat(element.dataset.lat);
  var lng = parseFloat(element.dataset.lng);
  var center = (element.dataset.center || "-6.9,112.05").split(",").map(Number);
  var hasPoint = !isNaN(lat) && !isNaN(lng);
  var map = L.map(element, { scrollWheelZoom: false }).setView(hasPoint ? [lat, lng] : center, hasPoint ? 14 : 11);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, { maxZoom: 19 }).addTo(map);
  }
  if (element.dataset.area) {
    try {
      var layer = L.geoJSON(JSON.parse(element.dataset.area), { style: { color: "#0b5563", weight: 2 } }).addTo(map);
      if (!hasPoint) { map.fitBounds(layer.getBounds()); }
    } catch (error) { /* an outline that does not parse is simply not drawn */ }
  }
  if (hasPoint) {
    // A circle marker needs no image files, so it works on closed networks too.
    L.circleMarker([lat, lng], { radius: 9, color: "#0b5563", fillOpacity: 0.8 })
      .addTo(map).bindPopup(element.dataset.label || "");
  }
})();
